// Push exporters receive what a PeriodicExportingMetricReader collected, as OTLP
// `ResourceMetrics` (the same message the OTLP exporter sends and the Prometheus text
// writer reads).
#pragma once

#include <chrono>

#include "opentelemetry/proto/metrics/v1/metrics.pb.h"
#include "otel/common/export_result.h"
#include "otel/metrics/instrument_descriptor.h"

namespace otel::metrics {

using ResourceMetricsProto = opentelemetry::proto::metrics::v1::ResourceMetrics;

class MetricExporter {
 public:
  virtual ~MetricExporter() = default;
  // Called from the reader's own thread only, one call at a time.
  virtual ExportResult export_metrics(const ResourceMetricsProto& metrics) noexcept = 0;
  // The temporality this exporter wants for an instrument kind.
  virtual AggregationTemporality temporality(InstrumentKind kind) const {
    return temporality_for(kind, TemporalityPreference::kCumulative);
  }
  virtual bool force_flush(std::chrono::milliseconds /*timeout*/) noexcept { return true; }
  virtual bool shutdown(std::chrono::milliseconds /*timeout*/) noexcept { return true; }
};

}  // namespace otel::metrics
