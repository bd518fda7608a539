// Log record processors: the simple one exports each record at once (tests, console);
// the batch one queues records for a background thread and never blocks the caller.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "otel/logs/log_exporter.h"

namespace otel::internal {
class BackgroundWorker;
}

namespace otel::logs {

class LogRecordProcessor {
 public:
  virtual ~LogRecordProcessor() = default;
  virtual void on_emit(LogData&& data) noexcept = 0;
  virtual bool force_flush(std::chrono::milliseconds timeout) noexcept = 0;
  virtual bool shutdown(std::chrono::milliseconds timeout) noexcept = 0;
};

// Exports synchronously on the emitting thread, one record per call (serialised).
class SimpleLogRecordProcessor : public LogRecordProcessor {
 public:
  explicit SimpleLogRecordProcessor(std::shared_ptr<LogRecordExporter> exporter);
  // nullptr when there is no exporter (e.g. "none").
  static std::shared_ptr<LogRecordProcessor> create(std::shared_ptr<LogRecordExporter> exporter);
  void on_emit(LogData&& data) noexcept override;
  bool force_flush(std::chrono::milliseconds timeout) noexcept override;
  bool shutdown(std::chrono::milliseconds timeout) noexcept override;

 private:
  std::shared_ptr<LogRecordExporter> exporter_;
  std::mutex mutex_;
  std::atomic<bool> shutdown_{false};
};

struct BatchLogRecordProcessorOptions {
  std::size_t max_queue_size = 2048;                 // OTEL_BLRP_MAX_QUEUE_SIZE
  std::size_t max_export_batch_size = 512;           // OTEL_BLRP_MAX_EXPORT_BATCH_SIZE
  std::chrono::milliseconds schedule_delay{1000};    // OTEL_BLRP_SCHEDULE_DELAY
  std::chrono::milliseconds export_timeout{30000};   // OTEL_BLRP_EXPORT_TIMEOUT
  static BatchLogRecordProcessorOptions from_env();  // invalid values warn, keep defaults
};

class BatchLogRecordProcessor : public LogRecordProcessor {
 public:
  explicit BatchLogRecordProcessor(
      std::shared_ptr<LogRecordExporter> exporter,
      BatchLogRecordProcessorOptions options = BatchLogRecordProcessorOptions::from_env());
  ~BatchLogRecordProcessor() override;
  // With the OTEL_BLRP_* options; nullptr when there is no exporter (e.g. "none").
  static std::shared_ptr<LogRecordProcessor> create(std::shared_ptr<LogRecordExporter> exporter);

  // Never blocks on the exporter: a full queue drops the record and counts it. Takes
  // one short lock (the worker only holds it to swap buffers).
  void on_emit(LogData&& data) noexcept override;
  bool force_flush(std::chrono::milliseconds timeout) noexcept override;
  bool shutdown(std::chrono::milliseconds timeout) noexcept override;

  std::uint64_t dropped() const { return dropped_.load(); }    // queue full or after shutdown
  std::uint64_t exported() const { return exported_.load(); }  // handed to the exporter, success
  std::uint64_t failed() const { return failed_.load(); }      // handed to the exporter, failure

 private:
  void export_queued();  // on the worker thread
  void export_batch(std::size_t count);

  std::shared_ptr<LogRecordExporter> exporter_;
  BatchLogRecordProcessorOptions options_;
  // Two fixed buffers of max_queue_size records: emitters fill queue_[0, queued_), the
  // worker swaps it with batch_ and exports from there. Exported records are not
  // destroyed on the worker: the emitter that next takes the slot overwrites them, so
  // each record's memory is freed on the thread that allocated it (glibc's per-thread
  // cache instead of the shared arena's lock) and the worker does almost nothing.
  std::mutex mutex_;
  std::vector<LogData> queue_;
  std::size_t queued_ = 0;
  std::vector<LogData> batch_;  // the worker's
  std::atomic<bool> accepting_{true};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> exported_{0};
  std::atomic<std::uint64_t> failed_{0};
  std::unique_ptr<internal::BackgroundWorker> worker_;  // last: stops before the rest goes
};

}  // namespace otel::logs
