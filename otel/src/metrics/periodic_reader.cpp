#include "otel/metrics/periodic_reader.h"

#include "common/background_worker.h"
#include "common/no_throw.h"
#include "otel/common/env.h"
#include "otel/common/internal_log.h"

namespace otel::metrics {

PeriodicReaderOptions PeriodicReaderOptions::from_env() {
  PeriodicReaderOptions options;
  if (auto v = env::get_duration_ms("OTEL_METRIC_EXPORT_INTERVAL"); v && v->count() > 0)
    options.interval = *v;
  if (auto v = env::get_duration_ms("OTEL_METRIC_EXPORT_TIMEOUT"); v && v->count() > 0)
    options.timeout = *v;
  return options;
}

PeriodicExportingMetricReader::PeriodicExportingMetricReader(
    std::shared_ptr<MetricExporter> exporter, PeriodicReaderOptions options)
    : MetricReader([e = exporter.get()](InstrumentKind kind) { return e->temporality(kind); }),
      exporter_(std::move(exporter)),
      options_(options) {
  if (options_.interval.count() <= 0) options_.interval = std::chrono::milliseconds(60000);
  if (options_.timeout.count() <= 0) options_.timeout = std::chrono::milliseconds(30000);
  worker_ = std::make_unique<internal::BackgroundWorker>(
      options_.interval, [this] { collect_and_export(); }, "otel-metrics");
}

std::shared_ptr<MetricReader> PeriodicExportingMetricReader::create(
    std::shared_ptr<MetricExporter> exporter, std::chrono::milliseconds export_interval) {
  if (!exporter) return nullptr;
  PeriodicReaderOptions options = PeriodicReaderOptions::from_env();
  if (!env::get_duration_ms("OTEL_METRIC_EXPORT_INTERVAL") && export_interval.count() > 0)
    options.interval = export_interval;
  return std::make_shared<PeriodicExportingMetricReader>(std::move(exporter), options);
}

PeriodicExportingMetricReader::~PeriodicExportingMetricReader() {
  shutdown(std::chrono::seconds(5));
  worker_.reset();  // joins before the exporter and the stats go
}

PeriodicExportingMetricReader::Stats PeriodicExportingMetricReader::stats() const {
  std::lock_guard<std::mutex> lock(stats_mutex_);
  return stats_;
}

void PeriodicExportingMetricReader::collect_and_export() {
  ResourceMetricsProto metrics;
  if (!collect(metrics) || metrics.scope_metrics_size() == 0) return;
  ExportResult result = ExportResult::kFailure;
  try {
    result = exporter_->export_metrics(metrics);
  } catch (const std::exception& e) {
    internal::error(std::string("metrics: exporter threw: ") + e.what());
  }
  std::lock_guard<std::mutex> lock(stats_mutex_);
  ++stats_.exports;
  if (result != ExportResult::kSuccess) ++stats_.failed_exports;
}

bool PeriodicExportingMetricReader::on_force_flush(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "PeriodicExportingMetricReader::on_force_flush", [&] {
    return worker_->flush(timeout) && exporter_->force_flush(timeout);
  });
}

bool PeriodicExportingMetricReader::on_shutdown(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "PeriodicExportingMetricReader::on_shutdown", [&] {
    // The worker makes a final collect + export. If that export hangs past the deadline,
    // the exporter's shutdown makes it fail fast, so the join is short.
    return worker_->stop(
        internal::BackgroundWorker::Clock::now() + timeout,
        [this](std::chrono::milliseconds left) { return exporter_->shutdown(left); });
  });
}

}  // namespace otel::metrics
