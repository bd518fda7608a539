// ExportTraceServiceRequest in wire format straight from SpanData (see proto_wire.h for
// why): the Span message here, the request around it in otlp_wire_request.h. Field
// numbers from opentelemetry/proto/trace/v1/trace.proto.
#include <string>
#include <vector>

#include "exporters/otlp/otlp_wire_request.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"

namespace otel::exporters::otlp {
namespace {

using wire::fixed32_field_size;
using wire::fixed64_field_size;
using wire::len_field_size;
using wire::varint_field_size;
using wire::Writer;

namespace span_field {
constexpr std::uint32_t kTraceId = 1, kSpanId = 2, kTraceState = 3, kParentSpanId = 4, kName = 5,
                        kKind = 6, kStart = 7, kEnd = 8, kAttributes = 9, kDroppedAttributes = 10,
                        kEvents = 11, kDroppedEvents = 12, kLinks = 13, kDroppedLinks = 14,
                        kStatus = 15, kFlags = 16;
}
namespace event_field {
constexpr std::uint32_t kTime = 1, kName = 2, kAttributes = 3, kDroppedAttributes = 4;
}
namespace link_field {
constexpr std::uint32_t kTraceId = 1, kSpanId = 2, kTraceState = 3, kAttributes = 4,
                        kDroppedAttributes = 5, kFlags = 6;
}
namespace status_field {
constexpr std::uint32_t kMessage = 2, kCode = 3;
}

// Span.flags / Link.flags: bits 0-7 the W3C trace flags, bit 8 "is_remote is known",
// bit 9 "is remote".
constexpr std::uint32_t kFlagsRemoteKnown = 0x100, kFlagsRemote = 0x200;

std::size_t varint_if(std::uint32_t field, std::uint64_t v) {
  return v == 0 ? 0 : varint_field_size(field, v);
}
using wire::detail::string_if;

std::size_t event_size(const trace::SpanEvent& e) {
  return (e.time_unix_nano == 0 ? 0 : fixed64_field_size(event_field::kTime)) +
         string_if(event_field::kName, e.name.size()) +
         wire::attributes_field_size(event_field::kAttributes, e.attributes) +
         varint_if(event_field::kDroppedAttributes, e.dropped_attributes_count);
}

Writer write_event(Writer w, const trace::SpanEvent& e) {
  if (e.time_unix_nano != 0) w.fixed64_field(event_field::kTime, e.time_unix_nano);
  if (!e.name.empty()) w.len_field(event_field::kName, e.name);
  w = wire::write_attributes_field(w, event_field::kAttributes, e.attributes);
  if (e.dropped_attributes_count != 0)
    w.varint_field(event_field::kDroppedAttributes, e.dropped_attributes_count);
  return w;
}

// A trace state is rare: its header form is built when present (twice: size and write).
std::size_t link_size(const trace::SpanLink& l) {
  const auto& ctx = l.context;
  return len_field_size(link_field::kTraceId, ctx.trace_id().as_string_view().size()) +
         len_field_size(link_field::kSpanId, ctx.span_id().as_string_view().size()) +
         (ctx.trace_state().empty()
              ? 0
              : string_if(link_field::kTraceState, ctx.trace_state().to_header().size())) +
         wire::attributes_field_size(link_field::kAttributes, l.attributes) +
         varint_if(link_field::kDroppedAttributes, l.dropped_attributes_count) +
         fixed32_field_size(link_field::kFlags);
}

Writer write_link(Writer w, const trace::SpanLink& l) {
  const auto& ctx = l.context;
  w.len_field(link_field::kTraceId, ctx.trace_id().as_string_view());
  w.len_field(link_field::kSpanId, ctx.span_id().as_string_view());
  if (!ctx.trace_state().empty()) {
    const std::string header = ctx.trace_state().to_header();
    if (!header.empty()) w.len_field(link_field::kTraceState, header);
  }
  w = wire::write_attributes_field(w, link_field::kAttributes, l.attributes);
  if (l.dropped_attributes_count != 0)
    w.varint_field(link_field::kDroppedAttributes, l.dropped_attributes_count);
  w.fixed32_field(link_field::kFlags, ctx.trace_flags().value() | kFlagsRemoteKnown |
                                          (ctx.is_remote() ? kFlagsRemote : 0));
  return w;
}

bool has_status(const trace::SpanData& s) {
  return s.status_code != trace::StatusCode::kUnset;
}

std::size_t status_size(const trace::SpanData& s) {
  return string_if(status_field::kMessage, s.status_message.size()) +
         varint_if(status_field::kCode, static_cast<std::uint64_t>(s.status_code));
}

std::size_t span_size(const trace::SpanData& s) {
  const auto& ctx = s.context;
  std::size_t n = len_field_size(span_field::kTraceId, ctx.trace_id().as_string_view().size()) +
                  len_field_size(span_field::kSpanId, ctx.span_id().as_string_view().size());
  if (!ctx.trace_state().empty())
    n += string_if(span_field::kTraceState, ctx.trace_state().to_header().size());
  if (s.parent_span_id.is_valid())
    n += len_field_size(span_field::kParentSpanId, s.parent_span_id.as_string_view().size());
  n += string_if(span_field::kName, s.name.size());
  n += varint_if(span_field::kKind, static_cast<std::uint64_t>(s.kind));
  if (s.start_time_unix_nano != 0) n += fixed64_field_size(span_field::kStart);
  if (s.end_time_unix_nano != 0) n += fixed64_field_size(span_field::kEnd);
  n += wire::attributes_field_size(span_field::kAttributes, s.attributes);
  n += varint_if(span_field::kDroppedAttributes, s.dropped_attributes_count);
  for (const auto& e : s.events) n += len_field_size(span_field::kEvents, event_size(e));
  n += varint_if(span_field::kDroppedEvents, s.dropped_events_count);
  for (const auto& l : s.links) n += len_field_size(span_field::kLinks, link_size(l));
  n += varint_if(span_field::kDroppedLinks, s.dropped_links_count);
  if (has_status(s)) n += len_field_size(span_field::kStatus, status_size(s));
  n += fixed32_field_size(span_field::kFlags);
  return n;
}

// Fields in field-number order, as libprotobuf writes them (flags, number 16, last).
Writer write_span(Writer w, const trace::SpanData& s) {
  const auto& ctx = s.context;
  w.len_field(span_field::kTraceId, ctx.trace_id().as_string_view());
  w.len_field(span_field::kSpanId, ctx.span_id().as_string_view());
  if (!ctx.trace_state().empty()) {
    const std::string header = ctx.trace_state().to_header();
    if (!header.empty()) w.len_field(span_field::kTraceState, header);
  }
  if (s.parent_span_id.is_valid())
    w.len_field(span_field::kParentSpanId, s.parent_span_id.as_string_view());
  if (!s.name.empty()) w.len_field(span_field::kName, s.name);
  if (s.kind != trace::SpanKind{}) w.varint_field(span_field::kKind, static_cast<int>(s.kind));
  if (s.start_time_unix_nano != 0) w.fixed64_field(span_field::kStart, s.start_time_unix_nano);
  if (s.end_time_unix_nano != 0) w.fixed64_field(span_field::kEnd, s.end_time_unix_nano);
  w = wire::write_attributes_field(w, span_field::kAttributes, s.attributes);
  if (s.dropped_attributes_count != 0)
    w.varint_field(span_field::kDroppedAttributes, s.dropped_attributes_count);
  for (const auto& e : s.events) {
    w.len_header(span_field::kEvents, event_size(e));
    w = write_event(w, e);
  }
  if (s.dropped_events_count != 0)
    w.varint_field(span_field::kDroppedEvents, s.dropped_events_count);
  for (const auto& l : s.links) {
    w.len_header(span_field::kLinks, link_size(l));
    w = write_link(w, l);
  }
  if (s.dropped_links_count != 0) w.varint_field(span_field::kDroppedLinks, s.dropped_links_count);
  if (has_status(s)) {
    w.len_header(span_field::kStatus, status_size(s));
    if (!s.status_message.empty()) w.len_field(status_field::kMessage, s.status_message);
    w.varint_field(status_field::kCode, static_cast<std::uint64_t>(s.status_code));
  }
  w.fixed32_field(span_field::kFlags, ctx.trace_flags().value() | kFlagsRemoteKnown |
                                          (s.parent_is_remote ? kFlagsRemote : 0));
  return w;
}

struct SpanTraits {
  using Item = std::shared_ptr<const trace::SpanData>;
  static bool present(const Item& s) { return s != nullptr; }
  // A scope within its resource: the same scope object under two resources is two groups.
  static wire::GroupKey group(const Item& s) { return {s->scope, s->resource, s->scope}; }
  static std::size_t size(const Item& s) { return span_size(*s); }
  static Writer write(Writer w, const Item& s) { return write_span(w, *s); }
};

}  // namespace

bool serialize_span_request(const trace::SpanBatch& spans, std::string& out) {
  return wire::serialize_request<SpanTraits>(spans, out);
}

}  // namespace otel::exporters::otlp
