// ExportLogsServiceRequest in wire format straight from LogData, as the span exporter
// does for spans (see exporters/otlp/proto_wire.h for why): the LogRecord message here,
// the request around it in otlp_wire_request.h. Field numbers from
// opentelemetry/proto/logs/v1/logs.proto. Byte for byte what ToOtlpRequest() followed by
// SerializeAsString() gives (tested).
#include <string>

#include "exporters/otlp/otlp_wire_request.h"
#include "otel/logs/exporters.h"

namespace otel::logs {
namespace {

namespace wire = exporters::otlp::wire;
using wire::Writer;

namespace field {
constexpr std::uint32_t kTime = 1, kSeverityNumber = 2, kSeverityText = 3, kBody = 5,
                        kAttributes = 6, kFlags = 8, kTraceId = 9, kSpanId = 10, kObservedTime = 11,
                        kEventName = 12;
}

std::size_t record_size(const LogRecord& r) {
  using wire::detail::string_if;
  std::size_t n = 0;
  if (r.timestamp_ns != 0) n += wire::fixed64_field_size(field::kTime);
  if (r.severity != Severity::kUnspecified)
    n += wire::varint_field_size(field::kSeverityNumber, static_cast<std::uint64_t>(r.severity));
  n += string_if(field::kSeverityText, r.severity_text.size());
  if (!r.body.empty()) n += wire::len_field_size(field::kBody, wire::any_value_size(r.body));
  n += wire::attributes_field_size(field::kAttributes, r.attributes);
  if (r.trace_id.is_valid()) {
    if (r.trace_flags.value() != 0) n += wire::fixed32_field_size(field::kFlags);
    n += wire::len_field_size(field::kTraceId, r.trace_id.as_string_view().size());
    n += wire::len_field_size(field::kSpanId, r.span_id.as_string_view().size());
  }
  if (r.observed_timestamp_ns != 0) n += wire::fixed64_field_size(field::kObservedTime);
  n += string_if(field::kEventName, r.event_name.size());
  return n;
}

// Fields in field-number order, as libprotobuf writes them.
Writer write_record(Writer w, const LogRecord& r) {
  if (r.timestamp_ns != 0) w.fixed64_field(field::kTime, r.timestamp_ns);
  if (r.severity != Severity::kUnspecified)
    w.varint_field(field::kSeverityNumber, static_cast<std::uint64_t>(r.severity));
  if (!r.severity_text.empty()) w.len_field(field::kSeverityText, r.severity_text);
  if (!r.body.empty()) {
    w.len_header(field::kBody, wire::any_value_size(r.body));
    w = wire::write_any_value(w, r.body);
  }
  w = wire::write_attributes_field(w, field::kAttributes, r.attributes);
  // The ids (and flags) only with a valid trace id, as ToProto() sets them.
  if (r.trace_id.is_valid()) {
    if (r.trace_flags.value() != 0) w.fixed32_field(field::kFlags, r.trace_flags.value());
    w.len_field(field::kTraceId, r.trace_id.as_string_view());
    w.len_field(field::kSpanId, r.span_id.as_string_view());
  }
  if (r.observed_timestamp_ns != 0) w.fixed64_field(field::kObservedTime, r.observed_timestamp_ns);
  if (!r.event_name.empty()) w.len_field(field::kEventName, r.event_name);
  return w;
}

struct LogTraits {
  static bool present(const LogData&) { return true; }
  // One scope_logs per logger (origin); loggers of one provider share its resource.
  static wire::GroupKey group(const LogData& d) {
    const LoggerOrigin* origin = d.origin.get();
    if (origin == nullptr) return {};
    return {origin, origin->resource.get(), &origin->scope};
  }
  static std::size_t size(const LogData& d) { return record_size(d.record); }
  static Writer write(Writer w, const LogData& d) { return write_record(w, d.record); }
};

}  // namespace

bool serialize_otlp_request(std::span<const LogData> batch, std::string& out) {
  return wire::serialize_request<LogTraits>(batch, out);
}

}  // namespace otel::logs
