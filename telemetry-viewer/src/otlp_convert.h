// OTLP protobuf messages → the viewer's model. Items that break the OTLP rules
// (e.g. a trace id that is not 16 bytes) are counted as rejected and skipped;
// the rest of the request is kept (OTLP partial success).
#pragma once

#include <cstdint>
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

Value ConvertAnyValue(const opentelemetry::proto::common::v1::AnyValue& value);
// The model's text for a double and for bytes (shared with trace_decoder.cpp).
Value DoubleValue(double value);
Value BytesValue(std::string_view bytes);

}  // namespace viewer
