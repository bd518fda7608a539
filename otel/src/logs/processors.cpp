#include "otel/logs/processors.h"

#include "common/background_worker.h"
#include "common/no_throw.h"
#include "otel/common/env.h"
#include "otel/common/internal_log.h"

namespace otel::logs {

std::shared_ptr<LogRecordProcessor> SimpleLogRecordProcessor::create(
    std::shared_ptr<LogRecordExporter> exporter) {
  if (!exporter) return nullptr;
  return std::make_shared<SimpleLogRecordProcessor>(std::move(exporter));
}

std::shared_ptr<LogRecordProcessor> BatchLogRecordProcessor::create(
    std::shared_ptr<LogRecordExporter> exporter) {
  if (!exporter) return nullptr;
  return std::make_shared<BatchLogRecordProcessor>(std::move(exporter));
}

SimpleLogRecordProcessor::SimpleLogRecordProcessor(std::shared_ptr<LogRecordExporter> exporter)
    : exporter_(std::move(exporter)) {}

void SimpleLogRecordProcessor::on_emit(LogData&& data) noexcept {
  internal::run_guarded("SimpleLogRecordProcessor::on_emit", [&] {
    if (shutdown_.load(std::memory_order_relaxed)) return;
    std::lock_guard<std::mutex> lock(mutex_);
    exporter_->export_logs(std::span<const LogData>(&data, 1));
  });
}

bool SimpleLogRecordProcessor::force_flush(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "SimpleLogRecordProcessor::force_flush",
                             [&] { return exporter_->force_flush(timeout); });
}

bool SimpleLogRecordProcessor::shutdown(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "SimpleLogRecordProcessor::shutdown", [&] {
    if (shutdown_.exchange(true)) return true;
    return exporter_->shutdown(timeout);
  });
}

BatchLogRecordProcessorOptions BatchLogRecordProcessorOptions::from_env() {
  BatchLogRecordProcessorOptions o;
  if (auto v = env::get_int("OTEL_BLRP_MAX_QUEUE_SIZE"); v && *v > 0)
    o.max_queue_size = static_cast<std::size_t>(*v);
  if (auto v = env::get_int("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"); v && *v > 0) {
    o.max_export_batch_size = static_cast<std::size_t>(*v);
  }
  if (auto v = env::get_duration_ms("OTEL_BLRP_SCHEDULE_DELAY"); v && v->count() > 0)
    o.schedule_delay = *v;
  if (auto v = env::get_duration_ms("OTEL_BLRP_EXPORT_TIMEOUT"); v && v->count() > 0)
    o.export_timeout = *v;
  if (o.max_export_batch_size > o.max_queue_size) {
    internal::warn(
        "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE is larger than OTEL_BLRP_MAX_QUEUE_SIZE; using the queue "
        "size");
    o.max_export_batch_size = o.max_queue_size;
  }
  return o;
}

BatchLogRecordProcessor::BatchLogRecordProcessor(std::shared_ptr<LogRecordExporter> exporter,
                                                 BatchLogRecordProcessorOptions options)
    : exporter_(std::move(exporter)), options_(options) {
  if (options_.max_queue_size == 0) options_.max_queue_size = 2048;
  if (options_.max_export_batch_size == 0 ||
      options_.max_export_batch_size > options_.max_queue_size) {
    options_.max_export_batch_size = options_.max_queue_size;
  }
  queue_.resize(options_.max_queue_size);
  batch_.resize(options_.max_queue_size);
  worker_ = std::make_unique<internal::BackgroundWorker>(
      options_.schedule_delay, [this] { export_queued(); }, "otel-logs");
}

BatchLogRecordProcessor::~BatchLogRecordProcessor() {
  shutdown(std::chrono::seconds(5));
  worker_.reset();  // joins before the buffers and the exporter go
}

void BatchLogRecordProcessor::on_emit(LogData&& data) noexcept {
  internal::run_guarded("BatchLogRecordProcessor::on_emit", [&] {
    if (!accepting_.load(std::memory_order_relaxed)) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    bool wake = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (queued_ >= options_.max_queue_size) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      queue_[queued_++] = std::move(data);  // frees the slot's exported record here
      wake = queued_ == options_.max_export_batch_size;
    }
    if (wake) worker_->wake();
  });
}

void BatchLogRecordProcessor::export_batch(std::size_t count) {
  for (std::size_t offset = 0; offset < count; offset += options_.max_export_batch_size) {
    const std::size_t n = std::min(options_.max_export_batch_size, count - offset);
    const ExportResult result =
        exporter_->export_logs(std::span<const LogData>(batch_.data() + offset, n));
    (result == ExportResult::kSuccess ? exported_ : failed_)
        .fetch_add(n, std::memory_order_relaxed);
  }
}

void BatchLogRecordProcessor::export_queued() {
  // One swap per run while accepting (a batch that filled meanwhile wakes the worker
  // again); after shutdown began, everything left.
  do {
    std::size_t count = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      count = queued_;
      if (count == 0) return;
      queue_.swap(batch_);
      queued_ = 0;
    }
    export_batch(count);
  } while (!accepting_.load());
}

bool BatchLogRecordProcessor::force_flush(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "BatchLogRecordProcessor::force_flush", [&] {
    return worker_->flush(timeout) && exporter_->force_flush(timeout);
  });
}

bool BatchLogRecordProcessor::shutdown(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "BatchLogRecordProcessor::shutdown", [&] {
    accepting_.store(false);
    // A slow export still running at the deadline: the exporter's shutdown makes it give up.
    return worker_->stop(
        internal::BackgroundWorker::Clock::now() + timeout,
        [this](std::chrono::milliseconds left) { return exporter_->shutdown(left); });
  });
}

}  // namespace otel::logs
