#include "otel/exporters/console/console_span_exporter.h"

#include <iostream>
#include <sstream>

#include "common/no_throw.h"
#include "otel/semconv.h"

namespace otel::exporters::console {

ConsoleSpanExporter::ConsoleSpanExporter(std::ostream& out) : out_(out) {}
ConsoleSpanExporter::ConsoleSpanExporter() : out_(std::cout) {}

std::string ConsoleSpanExporter::format(const trace::SpanData& span) {
  std::ostringstream o;
  const double ms = static_cast<double>(span.end_time_unix_nano - span.start_time_unix_nano) / 1e6;
  o << "span " << span.name << " (" << trace::to_string(span.kind) << ", " << ms << " ms)\n";
  o << "  trace_id: " << span.context.trace_id().to_hex()
    << "  span_id: " << span.context.span_id().to_hex();
  if (span.parent_span_id.is_valid())
    o << "  parent: " << span.parent_span_id.to_hex() << (span.parent_is_remote ? " (remote)" : "");
  o << "\n  status: " << trace::to_string(span.status_code);
  if (!span.status_message.empty()) o << " (" << span.status_message << ")";
  o << '\n';
  if (span.scope != nullptr) {
    o << "  scope: " << span.scope->name;
    if (!span.scope->version.empty()) o << ' ' << span.scope->version;
    o << '\n';
  }
  if (span.resource != nullptr)
    if (const auto* service = span.resource->get(semconv::kServiceName))
      o << "  service.name: " << service->to_string() << '\n';
  for (const auto& kv : span.attributes)
    o << "  " << kv.key << " = " << kv.value.to_string() << '\n';
  for (const auto& event : span.events) {
    o << "  event " << event.name;
    for (const auto& kv : event.attributes) o << "  " << kv.key << "=" << kv.value.to_string();
    o << '\n';
  }
  for (const auto& link : span.links)
    o << "  link " << link.context.trace_id().to_hex() << '/' << link.context.span_id().to_hex()
      << '\n';
  return o.str();
}

ExportResult ConsoleSpanExporter::export_spans(const trace::SpanBatch& spans) noexcept {
  return internal::result_or(ExportResult::kFailure, "ConsoleSpanExporter::export_spans", [&] {
    std::string text;
    for (const auto& span : spans) text += format(*span);
    std::lock_guard lock(mutex_);
    out_ << text << std::flush;
    return out_ ? ExportResult::kSuccess : ExportResult::kFailure;
  });
}

}  // namespace otel::exporters::console
