// OTLP metric exporter over the SDK's shared transport (gRPC, HTTP/protobuf, HTTP/JSON,
// retries with backoff): one ExportMetricsServiceRequest per collection.
#pragma once

#include <atomic>
#include <memory>

#include "otel/exporters/otlp/otlp_options.h"
#include "otel/metrics/metric_exporter.h"

namespace otel::exporters::otlp {
class OtlpTransport;
}

namespace otel::metrics {

class OtlpMetricExporter : public MetricExporter {
 public:
  OtlpMetricExporter(exporters::otlp::OtlpExporterOptions options,
                     TemporalityPreference preference);
  // OTEL_EXPORTER_OTLP_{,METRICS_}* and OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE.
  static std::shared_ptr<OtlpMetricExporter> from_env();
  ~OtlpMetricExporter() override;

  ExportResult export_metrics(const ResourceMetricsProto& metrics) noexcept override;
  AggregationTemporality temporality(InstrumentKind kind) const override;
  bool shutdown(std::chrono::milliseconds timeout) noexcept override;

  // Data points in failed exports (lost), and in exports the collector rejected.
  std::uint64_t dropped_points() const { return dropped_points_.load(); }
  std::uint64_t exported_points() const { return exported_points_.load(); }

 private:
  std::unique_ptr<exporters::otlp::OtlpTransport> transport_;
  TemporalityPreference preference_;
  std::atomic<std::uint64_t> dropped_points_{0};
  std::atomic<std::uint64_t> exported_points_{0};
  std::atomic<bool> warned_{false};
};

// Number of data points in a ResourceMetrics (for drop counts).
std::uint64_t count_data_points(const ResourceMetricsProto& metrics);

}  // namespace otel::metrics
