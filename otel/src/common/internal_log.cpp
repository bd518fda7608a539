#include "otel/common/internal_log.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include "common/no_throw.h"
#include "otel/common/env.h"

namespace otel::internal {
namespace {

LogLevel level_from_env() {
  const char* raw = std::getenv("OTEL_LOG_LEVEL");
  if (raw == nullptr) return LogLevel::kInfo;
  const std::string v = env::to_lower(env::trim(raw));
  if (v == "debug" || v == "trace" || v == "all") return LogLevel::kDebug;
  if (v == "warn" || v == "warning") return LogLevel::kWarn;
  if (v == "error") return LogLevel::kError;
  if (v == "none" || v == "off") return LogLevel::kNone;
  return LogLevel::kInfo;
}

std::atomic<int>& level_ref() {
  static std::atomic<int> level{static_cast<int>(level_from_env())};
  return level;
}

struct HandlerSlot {
  std::mutex mutex;
  LogHandler handler;
};
HandlerSlot& slot() {
  static auto* s = new HandlerSlot();  // leaked on purpose: usable during static destruction
  return *s;
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warning";
    case LogLevel::kError:
      return "error";
    case LogLevel::kNone:
      break;
  }
  return "";
}

}  // namespace

void log(LogLevel level, std::string_view message) {
  if (level == LogLevel::kNone || static_cast<int>(level) < level_ref().load()) return;
  auto& s = slot();
  std::lock_guard lock(s.mutex);
  if (s.handler) {
    s.handler(level, message);
    return;
  }
  std::fprintf(stderr, "[otel] %s: %.*s\n", level_name(level), static_cast<int>(message.size()),
               message.data());
}

void report_caught(std::string_view where, const char* what) noexcept {
  // The message is built in a fixed buffer: this runs after a bad_alloc too.
  char line[256];
  const int n = std::snprintf(line, sizeof line, "%.*s threw: %s", static_cast<int>(where.size()),
                              where.data(), what);
  try {
    log(LogLevel::kError,
        std::string_view(line, n < 0 ? 0 : std::min<std::size_t>(n, sizeof line - 1)));
  } catch (...) {  // a test's handler that throws, or a lock failure: nothing left to tell
  }
}

void set_log_handler(LogHandler handler) {
  auto& s = slot();
  std::lock_guard lock(s.mutex);
  s.handler = std::move(handler);
}

void set_log_level(LogLevel level) {
  level_ref().store(static_cast<int>(level));
}
LogLevel log_level() {
  return static_cast<LogLevel>(level_ref().load());
}

}  // namespace otel::internal
