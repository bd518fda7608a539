#include "otel/spdlog/otel_sink.h"

#include <spdlog/details/log_msg.h>

#include <cstdint>

#include "common/provider_generation.h"

namespace otel::logs {

Severity severity_from_spdlog(spdlog::level::level_enum level) {
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

std::string_view severity_text_from_spdlog(spdlog::level::level_enum level) {
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

const Logger* SpdlogSink::logger_for(std::string_view name) {
  const LoggerCache* cache = cache_.load(std::memory_order_acquire);
  if (cache != nullptr &&
      (fixed_provider_ || cache->generation == internal::global_provider_generation())) {
    for (const auto& [cached_name, logger] : cache->loggers) {
      if (cached_name == name) return logger.get();
    }
  }
  return add_logger(name);
}

const Logger* SpdlogSink::add_logger(std::string_view name) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Read the generation before the provider: if the provider changes in between, the
  // next message sees a newer generation and comes here again.
  const std::uint64_t generation = internal::global_provider_generation();
  std::shared_ptr<LoggerProvider> provider =
      fixed_provider_ ? fixed_provider_ : get_logger_provider();
  const LoggerCache* current = cache_.load(std::memory_order_acquire);
  auto next = std::make_unique<LoggerCache>();
  next->generation = generation;
  next->provider = provider;
  // Same provider (by identity of ownership, so never a new one at a freed one's address).
  if (current != nullptr && !current->provider.owner_before(provider) &&
      !provider.owner_before(current->provider)) {
    next->loggers = current->loggers;
  }
  const Logger* found = nullptr;
  for (const auto& [cached_name, logger] : next->loggers) {
    if (cached_name == name) found = logger.get();
  }
  // Another thread added it while this one waited for the lock.
  if (found != nullptr && current->generation == generation) return found;
  if (found == nullptr) {
    next->loggers.emplace_back(std::string(name),
                               provider->get_logger(name.empty() ? "spdlog" : name));
    found = next->loggers.back().second.get();
  }
  caches_.push_back(std::move(next));
  cache_.store(caches_.back().get(), std::memory_order_release);
  return found;
}

void SpdlogSink::log(const spdlog::details::log_msg& msg) {
  if (msg.level == spdlog::level::off) return;
  const Logger* logger =
      logger_for(std::string_view(msg.logger_name.data(), msg.logger_name.size()));
  if (!logger->enabled()) return;
  LogRecord record;
  record.timestamp_ns = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(msg.time.time_since_epoch()).count());
  // spdlog read the clock when the call was made, which is also when this sink observed
  // the event (the sink is synchronous): one clock read instead of two.
  record.observed_timestamp_ns = record.timestamp_ns;
  record.severity = severity_from_spdlog(msg.level);
  record.severity_text = severity_text_from_spdlog(msg.level);
  record.body = AttributeValue(std::string_view(msg.payload.data(), msg.payload.size()));
  record.attributes.reserve(msg.source.empty() ? 1 : 4);
  if (!msg.source.empty()) {
    record.attributes.push_back(KeyValue{"code.filepath", AttributeValue(msg.source.filename)});
    record.attributes.push_back(
        KeyValue{"code.lineno", AttributeValue(static_cast<std::int64_t>(msg.source.line))});
    if (msg.source.funcname != nullptr && msg.source.funcname[0] != '\0') {
      record.attributes.push_back(KeyValue{"code.function", AttributeValue(msg.source.funcname)});
    }
  }
  record.attributes.push_back(
      KeyValue{"thread.id", AttributeValue(static_cast<std::int64_t>(msg.thread_id))});
  logger->emit(std::move(record));
}

void SpdlogSink::flush() {
  // Deliberately nothing: spdlog calls flush() on the logging thread (flush_on(level)),
  // and an export there could block it. Records leave through the processors; flush
  // the provider (or the SdkHandle) at shutdown.
}

}  // namespace otel::logs
