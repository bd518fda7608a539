// The SDK's own diagnostics ("self-diagnostics" in the specification). They go to stderr
// by default, filtered by OTEL_LOG_LEVEL (debug|info|warn|error|none; default info),
// and never through the SDK's own log pipeline, so an exporter failure cannot loop.
#pragma once

#include <functional>
#include <string_view>

namespace otel::internal {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kNone = 4 };

void log(LogLevel level, std::string_view message);
inline void debug(std::string_view m) {
  log(LogLevel::kDebug, m);
}
inline void info(std::string_view m) {
  log(LogLevel::kInfo, m);
}
inline void warn(std::string_view m) {
  log(LogLevel::kWarn, m);
}
inline void error(std::string_view m) {
  log(LogLevel::kError, m);
}

// Replaces the sink (tests capture messages; nullptr restores stderr). Thread-safe.
using LogHandler = std::function<void(LogLevel, std::string_view)>;
void set_log_handler(LogHandler handler);
void set_log_level(LogLevel level);
LogLevel log_level();

}  // namespace otel::internal
