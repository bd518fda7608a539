#include "otel/spdlog/otel_sink.h"

#include <spdlog/details/log_msg.h>

namespace otel::logs {

Severity SeverityFromSpdlog(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return Severity::kTrace;
    case spdlog::level::debug:
      return Severity::kDebug;
    case spdlog::level::info:
      return Severity::kInfo;
    case spdlog::level::warn:
      return Severity::kWarn;
    case spdlog::level::err:
      return Severity::kError;
    case spdlog::level::critical:
      return Severity::kFatal;
    default:
      return Severity::kUnspecified;
  }
}

std::string_view SeverityTextFromSpdlog(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "TRACE";
    case spdlog::level::debug:
      return "DEBUG";
    case spdlog::level::info:
      return "INFO";
    case spdlog::level::warn:
      return "WARNING";
    case spdlog::level::err:
      return "ERROR";
    case spdlog::level::critical:
      return "CRITICAL";
    default:
      return "";
  }
}

SpdlogSink::SpdlogSink(std::shared_ptr<LoggerProvider> provider)
    : fixed_provider_(std::move(provider)) {}

std::shared_ptr<Logger> SpdlogSink::LoggerFor(std::string_view name) {
  std::shared_ptr<LoggerProvider> provider =
      fixed_provider_ ? fixed_provider_ : get_logger_provider();
  std::lock_guard<std::mutex> lock(mutex_);
  if (provider != cached_provider_) {  // the global provider was replaced
    loggers_.clear();
    cached_provider_ = provider;
  }
  auto it = loggers_.find(std::string(name));
  if (it == loggers_.end()) {
    it = loggers_.emplace(std::string(name), provider->get_logger(name.empty() ? "spdlog" : name))
             .first;
  }
  return it->second;
}

void SpdlogSink::log(const spdlog::details::log_msg& msg) {
  if (msg.level == spdlog::level::off) return;
  const std::string_view logger_name(msg.logger_name.data(), msg.logger_name.size());
  std::shared_ptr<Logger> logger = LoggerFor(logger_name);
  if (!logger->enabled()) return;
  LogRecord record;
  record.timestamp_ns = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(msg.time.time_since_epoch()).count());
  record.severity = SeverityFromSpdlog(msg.level);
  record.severity_text = std::string(SeverityTextFromSpdlog(msg.level));
  record.body = AttributeValue(std::string(msg.payload.data(), msg.payload.size()));
  if (!msg.source.empty()) {
    record.attributes.reserve(4);
    record.attributes.push_back(KeyValue{"code.filepath", AttributeValue(msg.source.filename)});
    record.attributes.push_back(
        KeyValue{"code.lineno", AttributeValue(static_cast<int64_t>(msg.source.line))});
    if (msg.source.funcname != nullptr && msg.source.funcname[0] != '\0') {
      record.attributes.push_back(KeyValue{"code.function", AttributeValue(msg.source.funcname)});
    }
  }
  record.attributes.push_back(
      KeyValue{"thread.id", AttributeValue(static_cast<int64_t>(msg.thread_id))});
  logger->emit(std::move(record));
}

void SpdlogSink::flush() {
  // Deliberately nothing: spdlog calls flush() on the logging thread (flush_on(level)),
  // and an export there could block it. Records leave through the processors; flush
  // the provider (or the SdkHandle) at shutdown.
}

}  // namespace otel::logs
