#include "otel/metrics/periodic_reader.h"

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
  thread_ = std::thread([this] { Run(); });
}

PeriodicExportingMetricReader::~PeriodicExportingMetricReader() {
  shutdown(std::chrono::seconds(5));
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

PeriodicExportingMetricReader::Stats PeriodicExportingMetricReader::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

void PeriodicExportingMetricReader::CollectAndExport() {
  ResourceMetricsProto metrics;
  if (!collect(metrics) || metrics.scope_metrics_size() == 0) return;
  ExportResult result = ExportResult::kFailure;
  try {
    result = exporter_->export_metrics(metrics);
  } catch (const std::exception& e) {
    internal::error(std::string("metrics: exporter threw: ") + e.what());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  ++stats_.exports;
  if (result != ExportResult::kSuccess) ++stats_.failed_exports;
}

void PeriodicExportingMetricReader::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  auto next = std::chrono::steady_clock::now() + options_.interval;
  while (!stopping_) {
    wake_.wait_until(lock, next, [&] { return stopping_ || flush_requested_ > flush_completed_; });
    if (stopping_) break;
    const uint64_t target = flush_requested_;
    lock.unlock();
    CollectAndExport();
    lock.lock();
    if (std::chrono::steady_clock::now() >= next)
      next = std::chrono::steady_clock::now() + options_.interval;
    flush_completed_ = std::max(flush_completed_, target);
    done_.notify_all();
  }
  // Final export on shutdown (on this thread, so it never races a periodic one).
  lock.unlock();
  CollectAndExport();
  lock.lock();
  stopped_ = true;
  done_.notify_all();
}

bool PeriodicExportingMetricReader::on_force_flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return false;
  const uint64_t ticket = ++flush_requested_;
  wake_.notify_all();
  const bool done =
      done_.wait_for(lock, timeout, [&] { return flush_completed_ >= ticket || stopped_; });
  lock.unlock();
  return done && exporter_->force_flush(timeout);
}

bool PeriodicExportingMetricReader::on_shutdown(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mutex_);
  stopping_ = true;
  wake_.notify_all();
  bool finished = done_.wait_until(lock, deadline, [&] { return stopped_; });
  lock.unlock();
  // Whatever the thread is doing (a slow export), the exporter's shutdown makes it fail
  // fast, so the join below is short.
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  const bool exporter_ok = exporter_->shutdown(std::max(left, std::chrono::milliseconds(0)));
  if (!finished) {
    lock.lock();
    finished = done_.wait_for(lock, std::chrono::milliseconds(200), [&] { return stopped_; });
    lock.unlock();
  }
  if (finished && thread_.joinable()) thread_.join();
  return finished && exporter_ok;
}

}  // namespace otel::metrics
