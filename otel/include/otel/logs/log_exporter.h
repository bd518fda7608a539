// Log exporters receive batches of records (each with its scope and resource).
#pragma once

#include <chrono>
#include <span>

#include "otel/common/export_result.h"
#include "otel/logs/log_record.h"

namespace otel::logs {

class LogRecordExporter {
 public:
  virtual ~LogRecordExporter() = default;
  // Called by one processor thread at a time.
  virtual ExportResult export_logs(std::span<const LogData> batch) noexcept = 0;
  virtual bool force_flush(std::chrono::milliseconds /*timeout*/) noexcept { return true; }
  virtual bool shutdown(std::chrono::milliseconds /*timeout*/) noexcept { return true; }
};

}  // namespace otel::logs
