// An spdlog sink that turns spdlog messages into OpenTelemetry log records, the C++
// counterpart of Python's opentelemetry LoggingHandler:
//
//   spdlog::default_logger()->sinks().push_back(std::make_shared<otel::logs::SpdlogSink>());
//   spdlog::info("received request from IP address: {}", ip);   // -> an OTLP log record
//
// Mapping: level -> severity (trace 1, debug 5, info 9, warn 13, error 17, critical 21;
// text TRACE/DEBUG/INFO/WARNING/ERROR/CRITICAL as Python's logging names them), logger
// name -> instrumentation scope, formatted message -> body (the sink ignores spdlog
// patterns), source location (SPDLOG_INFO etc. macros) -> code.filepath / code.lineno /
// code.function, thread -> thread.id, and the active span's trace/span id and flags.
// The sink is synchronous; with spdlog's async loggers the active span is that of the
// spdlog worker thread (none), so use synchronous loggers for trace correlation.
#pragma once

#include <spdlog/sinks/sink.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "otel/logs/logger_provider.h"

namespace otel::logs {

class SpdlogSink final : public spdlog::sinks::sink {
 public:
  // nullptr: the global LoggerProvider at the time of each message (so the sink can be
  // installed before configure_from_env() runs).
  explicit SpdlogSink(std::shared_ptr<LoggerProvider> provider = nullptr);

  void log(const spdlog::details::log_msg& msg) override;
  void flush() override;  // no-op: never blocks the logging thread (see the .cpp)
  void set_pattern(const std::string& /*pattern*/) override {}
  void set_formatter(std::unique_ptr<spdlog::formatter> /*formatter*/) override {}

 private:
  // The loggers of one provider by spdlog logger name. Immutable once published.
  struct LoggerCache {
    std::uint64_t generation = 0;  // of the global provider, when it is the global one
    // Weak: a replaced global provider must still be destroyed (and so shut down).
    std::weak_ptr<LoggerProvider> provider;
    std::vector<std::pair<std::string, std::shared_ptr<Logger>>> loggers;
  };
  const Logger* logger_for(std::string_view name);
  const Logger* add_logger(std::string_view name);  // slow path, under mutex_

  std::shared_ptr<LoggerProvider> fixed_provider_;
  // Lock-free lookup: the current cache is read with one atomic load. A new logger
  // name or a new global provider publishes a new cache; replaced caches are kept
  // (with their loggers) until the sink goes, so a reader never sees freed memory.
  std::atomic<const LoggerCache*> cache_{nullptr};
  std::mutex mutex_;
  std::vector<std::unique_ptr<const LoggerCache>> caches_;
};

// The spdlog level mapping (exposed for tests and other bridges).
Severity severity_from_spdlog(spdlog::level::level_enum level);
std::string_view severity_text_from_spdlog(spdlog::level::level_enum level);

}  // namespace otel::logs
