#include "otel/metrics/otlp_metric_exporter.h"

#include "common/no_throw.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "otel/exporters/otlp/otlp_transport.h"

namespace otel::metrics {

namespace otlp = exporters::otlp;

std::uint64_t count_data_points(const ResourceMetricsProto& metrics) {
  std::uint64_t n = 0;
  for (const auto& sm : metrics.scope_metrics()) {
    for (const auto& m : sm.metrics()) {
      n += static_cast<std::uint64_t>(m.sum().data_points_size() + m.gauge().data_points_size() +
                                      m.histogram().data_points_size() +
                                      m.exponential_histogram().data_points_size() +
                                      m.summary().data_points_size());
    }
  }
  return n;
}

OtlpMetricExporter::OtlpMetricExporter(otlp::OtlpExporterOptions options,
                                       TemporalityPreference preference)
    : preference_(preference) {
  options.signal = otlp::Signal::kMetrics;
  transport_ = std::make_unique<otlp::OtlpTransport>(std::move(options));
}

OtlpMetricExporter::~OtlpMetricExporter() = default;

std::shared_ptr<OtlpMetricExporter> OtlpMetricExporter::from_env() {
  const auto preference = parse_temporality_preference(
      env::get_string("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE").value_or(""));
  return std::make_shared<OtlpMetricExporter>(
      otlp::OtlpExporterOptions::from_env(otlp::Signal::kMetrics), preference);
}

AggregationTemporality OtlpMetricExporter::temporality(InstrumentKind kind) const {
  return temporality_for(kind, preference_);
}

ExportResult OtlpMetricExporter::export_metrics(const ResourceMetricsProto& metrics) noexcept {
  return internal::result_or(ExportResult::kFailure, "OtlpMetricExporter::export_metrics", [&] {
    opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest request;
    *request.add_resource_metrics() = metrics;
    const std::uint64_t points = count_data_points(metrics);
    const otlp::SendOutcome outcome = transport_->send(request);
    if (!outcome.ok) {
      dropped_points_ += points;
      // One warning per failure streak, so a collector that is down does not flood stderr.
      if (!warned_.exchange(true)) {
        internal::warn("metrics: OTLP export failed (" + outcome.error + "); " +
                       std::to_string(points) + " data points dropped");
      }
      return ExportResult::kFailure;
    }
    if (warned_.exchange(false)) internal::info("metrics: OTLP export works again");
    std::uint64_t rejected = 0;
    if (outcome.partial_success && outcome.partial_success->rejected > 0) {
      rejected = static_cast<std::uint64_t>(outcome.partial_success->rejected);
      internal::warn("metrics: collector rejected " + std::to_string(rejected) +
                     " data points: " + outcome.partial_success->error_message);
    }
    dropped_points_ += rejected;
    exported_points_ += points - std::min(points, rejected);
    return ExportResult::kSuccess;
  });
}

bool OtlpMetricExporter::shutdown(std::chrono::milliseconds /*timeout*/) noexcept {
  return internal::result_or(false, "OtlpMetricExporter::shutdown", [&] {
    transport_->shutdown();
    return true;
  });
}

}  // namespace otel::metrics
