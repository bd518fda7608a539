// Log record processors: the simple one exports each record at once (tests, console);
// the batch one queues records for a background thread and never blocks the caller.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "otel/logs/log_exporter.h"

namespace otel::logs {

class LogRecordProcessor {
 public:
  virtual ~LogRecordProcessor() = default;
  virtual void on_emit(LogData&& data) = 0;
  virtual bool force_flush(std::chrono::milliseconds timeout) = 0;
  virtual bool shutdown(std::chrono::milliseconds timeout) = 0;
};

// Exports synchronously on the emitting thread, one record per call (serialised).
class SimpleLogRecordProcessor : public LogRecordProcessor {
 public:
  explicit SimpleLogRecordProcessor(std::shared_ptr<LogRecordExporter> exporter);
  void on_emit(LogData&& data) override;
  bool force_flush(std::chrono::milliseconds timeout) override;
  bool shutdown(std::chrono::milliseconds timeout) override;

 private:
  std::shared_ptr<LogRecordExporter> exporter_;
  std::mutex mutex_;
  std::atomic<bool> shutdown_{false};
};

struct BatchLogRecordProcessorOptions {
  size_t max_queue_size = 2048;                      // OTEL_BLRP_MAX_QUEUE_SIZE
  size_t max_export_batch_size = 512;                // OTEL_BLRP_MAX_EXPORT_BATCH_SIZE
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

  // Never blocks on the exporter: a full queue drops the record and counts it.
  void on_emit(LogData&& data) override;
  bool force_flush(std::chrono::milliseconds timeout) override;
  bool shutdown(std::chrono::milliseconds timeout) override;

  uint64_t dropped() const { return dropped_.load(); }    // queue full or after shutdown
  uint64_t exported() const { return exported_.load(); }  // handed to the exporter, success
  uint64_t failed() const { return failed_.load(); }      // handed to the exporter, failure

 private:
  void Run();
  void ExportBatch(std::vector<LogData>& batch);

  std::shared_ptr<LogRecordExporter> exporter_;
  BatchLogRecordProcessorOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::vector<LogData> queue_;
  uint64_t flush_requested_ = 0;
  uint64_t flush_completed_ = 0;
  bool stopping_ = false;
  bool stopped_ = false;
  std::atomic<bool> accepting_{true};
  std::atomic<uint64_t> dropped_{0};
  std::atomic<uint64_t> exported_{0};
  std::atomic<uint64_t> failed_{0};
  std::thread thread_;
};

}  // namespace otel::logs
