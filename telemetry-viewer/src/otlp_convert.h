// OTLP protobuf messages → the viewer's model. Items that break the OTLP rules
// (e.g. a trace id that is not 16 bytes) are counted as rejected and skipped;
// the rest of the request is kept (OTLP partial success).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "model.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace viewer {

template <typename Item>
struct Converted {
  std::vector<Item> items;
  int64_t rejected = 0;
  std::string error;  // why the first rejected item was rejected
};

// Partial-success messages shared by both trace decoders (this and trace_decoder.h).
inline constexpr const char kInvalidSpanIds[] =
    "span with an invalid trace id (16 bytes), span id (8 bytes) or parent span id";

Converted<SpanPtr> ConvertTraces(
    const opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest& request);
Converted<LogRecord> ConvertLogs(
    const opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest& request);
Converted<MetricSample> ConvertMetrics(
    const opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest& request);

// Copies an OTLP id of exactly N bytes; an empty id gives all zeros, accepted only when
// allow_empty (a parent span id may be absent, a trace or span id may not). Shared by both
// trace decoders.
template <size_t N>
bool CopyId(std::string_view bytes, std::array<uint8_t, N>& id, bool allow_empty) {
  if (bytes.empty()) {
    id.fill(0);
    return allow_empty;
  }
  if (bytes.size() != N) return false;
  std::memcpy(id.data(), bytes.data(), N);
  return true;
}

Value ConvertAnyValue(const opentelemetry::proto::common::v1::AnyValue& value);
// The model's text for a double and for bytes (shared with trace_decoder.cpp).
Value DoubleValue(double value);
Value BytesValue(std::string_view bytes);

}  // namespace viewer
