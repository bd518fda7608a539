#include "otel/logs/processors.h"

#include "otel/common/env.h"
#include "otel/common/internal_log.h"

namespace otel::logs {

SimpleLogRecordProcessor::SimpleLogRecordProcessor(std::shared_ptr<LogRecordExporter> exporter)
    : exporter_(std::move(exporter)) {}

void SimpleLogRecordProcessor::on_emit(LogData&& data) {
  if (shutdown_.load(std::memory_order_relaxed)) return;
  std::lock_guard<std::mutex> lock(mutex_);
  try {
    exporter_->export_logs(std::span<const LogData>(&data, 1));
  } catch (const std::exception& e) {
    internal::error(std::string("logs: exporter threw: ") + e.what());
  }
}

bool SimpleLogRecordProcessor::force_flush(std::chrono::milliseconds timeout) {
  return exporter_->force_flush(timeout);
}

bool SimpleLogRecordProcessor::shutdown(std::chrono::milliseconds timeout) {
  if (shutdown_.exchange(true)) return true;
  return exporter_->shutdown(timeout);
}

BatchLogRecordProcessorOptions BatchLogRecordProcessorOptions::from_env() {
  BatchLogRecordProcessorOptions o;
  if (auto v = env::get_int("OTEL_BLRP_MAX_QUEUE_SIZE"); v && *v > 0)
    o.max_queue_size = static_cast<size_t>(*v);
  if (auto v = env::get_int("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"); v && *v > 0) {
    o.max_export_batch_size = static_cast<size_t>(*v);
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
  queue_.reserve(options_.max_queue_size);
  thread_ = std::thread([this] { Run(); });
}

BatchLogRecordProcessor::~BatchLogRecordProcessor() {
  shutdown(std::chrono::seconds(5));
  if (thread_.joinable()) thread_.join();
}

void BatchLogRecordProcessor::on_emit(LogData&& data) {
  if (!accepting_.load(std::memory_order_relaxed)) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= options_.max_queue_size) {
      dropped_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    queue_.push_back(std::move(data));
    wake = queue_.size() == options_.max_export_batch_size;
  }
  if (wake) wake_.notify_one();
}

void BatchLogRecordProcessor::ExportBatch(std::vector<LogData>& batch) {
  for (size_t offset = 0; offset < batch.size(); offset += options_.max_export_batch_size) {
    const size_t n = std::min(options_.max_export_batch_size, batch.size() - offset);
    ExportResult result = ExportResult::kFailure;
    try {
      result = exporter_->export_logs(std::span<const LogData>(batch.data() + offset, n));
    } catch (const std::exception& e) {
      internal::error(std::string("logs: exporter threw: ") + e.what());
    }
    (result == ExportResult::kSuccess ? exported_ : failed_)
        .fetch_add(n, std::memory_order_relaxed);
  }
  batch.clear();
}

void BatchLogRecordProcessor::Run() {
  std::vector<LogData> batch;
  batch.reserve(options_.max_queue_size);
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait_for(lock, options_.schedule_delay, [&] {
      return stopping_ || flush_requested_ > flush_completed_ ||
             queue_.size() >= options_.max_export_batch_size;
    });
    const uint64_t target = flush_requested_;
    const bool last = stopping_;
    batch.swap(queue_);  // the emitters get the (empty, reserved) other buffer
    queue_.reserve(options_.max_queue_size);
    lock.unlock();
    ExportBatch(batch);
    lock.lock();
    flush_completed_ = std::max(flush_completed_, target);
    done_.notify_all();
    if (last && queue_.empty()) break;
  }
  stopped_ = true;
  done_.notify_all();
}

bool BatchLogRecordProcessor::force_flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopped_) return false;
  const uint64_t ticket = ++flush_requested_;
  wake_.notify_one();
  const bool done =
      done_.wait_for(lock, timeout, [&] { return flush_completed_ >= ticket || stopped_; });
  lock.unlock();
  return done && exporter_->force_flush(timeout);
}

bool BatchLogRecordProcessor::shutdown(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  accepting_.store(false);
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_ && stopped_) return true;
  stopping_ = true;
  wake_.notify_one();
  bool finished = done_.wait_until(lock, deadline, [&] { return stopped_; });
  lock.unlock();
  // A slow export still running: the exporter's shutdown makes it give up quickly.
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

}  // namespace otel::logs
