#include "otel/logs/logger_provider.h"

#include <atomic>
#include <mutex>
#include <utility>

#include "common/deadline.h"
#include "common/no_throw.h"
#include "common/provider_slot.h"
#include "otel/common/internal_log.h"
#include "otel/common/time.h"
#include "otel/context/context.h"

namespace otel::logs {
namespace detail {

using ProcessorList = std::vector<std::shared_ptr<LogRecordProcessor>>;

struct ProviderState {
  std::shared_ptr<const Resource> resource;
  bool enabled = true;
  std::atomic<bool> stopped{false};
  std::mutex mutex;
  // emit() reads the current list with one atomic load, no lock and no reference
  // count. add_processor publishes a new list; old lists stay in `lists` until the
  // state goes (processors are added a handful of times, at start-up).
  std::atomic<const ProcessorList*> processors{nullptr};
  std::vector<std::unique_ptr<const ProcessorList>> lists;
  std::vector<std::shared_ptr<Logger>> loggers;

  const ProcessorList& current_processors() const {
    return *processors.load(std::memory_order_acquire);
  }
  void publish(ProcessorList list) {  // under `mutex`
    lists.push_back(std::make_unique<const ProcessorList>(std::move(list)));
    processors.store(lists.back().get(), std::memory_order_release);
  }
};

}  // namespace detail

std::string_view severity_text(Severity severity) {
  static constexpr std::string_view kNames[] = {
      "",       "TRACE",  "TRACE2", "TRACE3", "TRACE4", "DEBUG",  "DEBUG2", "DEBUG3", "DEBUG4",
      "INFO",   "INFO2",  "INFO3",  "INFO4",  "WARN",   "WARN2",  "WARN3",  "WARN4",  "ERROR",
      "ERROR2", "ERROR3", "ERROR4", "FATAL",  "FATAL2", "FATAL3", "FATAL4"};
  const int n = static_cast<int>(severity);
  return (n >= 0 && n <= 24) ? kNames[n] : std::string_view();
}

Logger::Logger(std::shared_ptr<const LoggerOrigin> origin,
               std::shared_ptr<detail::ProviderState> provider)
    : origin_(std::move(origin)), provider_(std::move(provider)) {}

bool Logger::enabled() const {
  return provider_->enabled && !provider_->stopped.load(std::memory_order_relaxed);
}

void Logger::emit(LogRecord record) const {
  if (!enabled()) return;
  const detail::ProcessorList& processors = provider_->current_processors();
  if (processors.empty()) return;
  if (record.observed_timestamp_ns == 0) record.observed_timestamp_ns = now_unix_nano();
  if (record.severity_text.empty())
    record.severity_text = std::string(severity_text(record.severity));
  if (!record.trace_id.is_valid()) {
    const trace::SpanContext& span = Context::current().span_context();
    if (span.is_valid()) {
      record.trace_id = span.trace_id();
      record.span_id = span.span_id();
      record.trace_flags = span.trace_flags();
    }
  }
  // Processors are noexcept; copying the record for all but the last may throw bad_alloc,
  // which must not reach the code that logged.
  internal::run_guarded("Logger::emit", [&] {
    for (std::size_t i = 0; i + 1 < processors.size(); ++i)
      processors[i]->on_emit(LogData{record, origin_});
    processors.back()->on_emit(LogData{std::move(record), origin_});
  });
}

void Logger::emit(Severity severity, AttributeValue body, Attributes attributes) const {
  LogRecord record;
  record.timestamp_ns = now_unix_nano();
  record.severity = severity;
  record.body = std::move(body);
  record.attributes = std::move(attributes);
  emit(std::move(record));
}

LoggerProvider::LoggerProvider(LoggerProviderOptions options)
    : state_(std::make_shared<detail::ProviderState>()) {
  state_->resource = std::make_shared<const Resource>(std::move(options.resource));
  state_->enabled = options.enabled;
  std::erase(options.processors, nullptr);
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->publish(std::move(options.processors));
}

LoggerProvider::~LoggerProvider() {
  shutdown(std::chrono::seconds(5));
  // Loggers hold the state; the state must not keep holding them.
  std::vector<std::shared_ptr<Logger>> loggers;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    loggers.swap(state_->loggers);
  }
}

std::shared_ptr<Logger> LoggerProvider::get_logger(std::string_view name, std::string_view version,
                                                   std::string_view schema_url,
                                                   const Attributes& attributes) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (const auto& logger : state_->loggers) {
    const auto& s = logger->scope();
    if (s.name == name && s.version == version && s.schema_url == schema_url &&
        s.attributes == attributes) {
      return logger;
    }
  }
  auto origin = std::make_shared<LoggerOrigin>();
  origin->scope = InstrumentationScope{std::string(name), std::string(version),
                                       std::string(schema_url), attributes};
  origin->resource = state_->resource;
  auto logger = std::make_shared<Logger>(std::move(origin), state_);
  state_->loggers.push_back(logger);
  return logger;
}

void LoggerProvider::add_processor(std::shared_ptr<LogRecordProcessor> processor) {
  if (!processor) return;
  std::lock_guard<std::mutex> lock(state_->mutex);
  detail::ProcessorList next = state_->current_processors();
  next.push_back(std::move(processor));
  state_->publish(std::move(next));
}

bool LoggerProvider::force_flush(std::chrono::milliseconds timeout) {
  return internal::call_each_within(
      state_->current_processors(), timeout,
      [](LogRecordProcessor& p, std::chrono::milliseconds left) { return p.force_flush(left); });
}

bool LoggerProvider::shutdown(std::chrono::milliseconds timeout) {
  if (state_->stopped.exchange(true)) return true;
  return internal::call_each_within(
      state_->current_processors(), timeout,
      [](LogRecordProcessor& p, std::chrono::milliseconds left) { return p.shutdown(left); });
}

namespace {
internal::ProviderSlot<LoggerProvider>& global_slot() {
  // The default provider has no processor: loggers from it emit nothing.
  static auto* slot = new internal::ProviderSlot<LoggerProvider>(
      std::make_shared<LoggerProvider>(LoggerProviderOptions{Resource::empty(), {}, false}));
  return *slot;
}
}  // namespace

std::shared_ptr<LoggerProvider> get_logger_provider() {
  return global_slot().get();
}

void set_logger_provider(std::shared_ptr<LoggerProvider> provider) {
  if (provider) global_slot().replace(std::move(provider));
}

}  // namespace otel::logs
