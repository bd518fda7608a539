#include "otel/exporters/otlp/otlp_span_exporter.h"

#include <map>
#include <utility>

#include "common/no_throw.h"
#include "otel/common/internal_log.h"
#include "otel/exporters/otlp/otlp_proto_common.h"

namespace otel::exporters::otlp {

namespace pb_trace = ::opentelemetry::proto::trace::v1;

void encode_span(const trace::SpanData& span, pb_trace::Span* out) {
  out->set_trace_id(std::string(span.context.trace_id().as_string_view()));
  out->set_span_id(std::string(span.context.span_id().as_string_view()));
  if (!span.context.trace_state().empty())
    out->set_trace_state(span.context.trace_state().to_header());
  if (span.parent_span_id.is_valid())
    out->set_parent_span_id(std::string(span.parent_span_id.as_string_view()));
  // Bits 0-7 trace flags; bit 8 "is_remote known", bit 9 "parent is remote".
  std::uint32_t flags = span.context.trace_flags().value() | 0x100;
  if (span.parent_is_remote) flags |= 0x200;
  out->set_flags(flags);
  out->set_name(span.name);
  out->set_kind(static_cast<pb_trace::Span::SpanKind>(span.kind));
  out->set_start_time_unix_nano(span.start_time_unix_nano);
  out->set_end_time_unix_nano(span.end_time_unix_nano);
  to_proto(span.attributes, out->mutable_attributes());
  out->set_dropped_attributes_count(span.dropped_attributes_count);
  for (const auto& event : span.events) {
    auto* e = out->add_events();
    e->set_time_unix_nano(event.time_unix_nano);
    e->set_name(event.name);
    to_proto(event.attributes, e->mutable_attributes());
    e->set_dropped_attributes_count(event.dropped_attributes_count);
  }
  out->set_dropped_events_count(span.dropped_events_count);
  for (const auto& link : span.links) {
    auto* l = out->add_links();
    l->set_trace_id(std::string(link.context.trace_id().as_string_view()));
    l->set_span_id(std::string(link.context.span_id().as_string_view()));
    if (!link.context.trace_state().empty())
      l->set_trace_state(link.context.trace_state().to_header());
    to_proto(link.attributes, l->mutable_attributes());
    l->set_dropped_attributes_count(link.dropped_attributes_count);
    l->set_flags(link.context.trace_flags().value() | 0x100 |
                 (link.context.is_remote() ? 0x200 : 0));
  }
  out->set_dropped_links_count(span.dropped_links_count);
  if (span.status_code != trace::StatusCode::kUnset) {
    out->mutable_status()->set_code(static_cast<pb_trace::Status::StatusCode>(span.status_code));
    out->mutable_status()->set_message(span.status_message);
  }
}

void encode_spans(const trace::SpanBatch& spans,
                  ::opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest* out) {
  // Spans of one provider share Resource and scope objects: group by their addresses,
  // a scope within its resource (the same scope object under two resources is two groups).
  std::map<const Resource*, pb_trace::ResourceSpans*> by_resource;
  std::map<std::pair<const Resource*, const InstrumentationScope*>, pb_trace::ScopeSpans*> by_scope;
  for (const auto& span : spans) {
    if (!span) continue;
    auto& resource_spans = by_resource[span->resource];
    if (resource_spans == nullptr) {
      resource_spans = out->add_resource_spans();
      if (span->resource != nullptr) {
        to_proto(*span->resource, resource_spans->mutable_resource());
        resource_spans->set_schema_url(span->resource->schema_url());
      }
    }
    auto& scope_spans = by_scope[{span->resource, span->scope}];
    if (scope_spans == nullptr) {
      scope_spans = resource_spans->add_scope_spans();
      if (span->scope != nullptr) {
        to_proto(*span->scope, scope_spans->mutable_scope());
        scope_spans->set_schema_url(span->scope->schema_url);
      }
    }
    encode_span(*span, scope_spans->add_spans());
  }
}

OtlpSpanExporter::OtlpSpanExporter(OtlpExporterOptions options) : transport_(std::move(options)) {}

ExportResult OtlpSpanExporter::export_spans(const trace::SpanBatch& spans) noexcept {
  return internal::result_or(ExportResult::kFailure, "OtlpSpanExporter::export_spans", [&] {
    if (shut_down_.load()) return ExportResult::kFailure;
    if (spans.empty()) return ExportResult::kSuccess;
    if (transport_.options().protocol == Protocol::kHttpJson) {
      ::opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest request;
      encode_spans(spans, &request);
      return transport_.send(request).ok ? ExportResult::kSuccess : ExportResult::kFailure;
    }
    // One thread at a time calls us (the batch processor's worker), so the buffer is ours.
    if (!serialize_span_request(spans, request_)) {
      internal::error("OTLP span encoding failed: sizes and bytes disagree; batch dropped");
      return ExportResult::kFailure;
    }
    return transport_.send_serialized(request_).ok ? ExportResult::kSuccess
                                                   : ExportResult::kFailure;
  });
}

bool OtlpSpanExporter::shutdown(std::chrono::milliseconds) noexcept {
  return internal::result_or(false, "OtlpSpanExporter::shutdown", [&] {
    shut_down_.store(true);
    transport_.shutdown();
    return true;
  });
}

}  // namespace otel::exporters::otlp
