// Prints each collection in a readable form (one line per data point), for
// OTEL_METRICS_EXPORTER=console and for trying things out.
#pragma once

#include <iosfwd>
#include <mutex>

#include "otel/metrics/metric_exporter.h"

namespace otel::metrics {

class ConsoleMetricExporter : public MetricExporter {
 public:
  // `out` must outlive the exporter (std::cout by default).
  explicit ConsoleMetricExporter(
      std::ostream* out = nullptr,
      TemporalityPreference preference = TemporalityPreference::kCumulative);
  ExportResult export_metrics(const ResourceMetricsProto& metrics) noexcept override;
  AggregationTemporality temporality(InstrumentKind kind) const override {
    return temporality_for(kind, preference_);
  }

 private:
  std::ostream* out_;
  TemporalityPreference preference_;
  std::mutex mutex_;
};

// The text the console exporter writes for one collection.
std::string format_metrics(const ResourceMetricsProto& metrics);

}  // namespace otel::metrics
