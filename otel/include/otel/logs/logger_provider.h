// LoggerProvider: owns processors; loggers are per scope. The global provider is what
// bridges (the spdlog sink) and instrumentation ask for loggers.
#pragma once

#include <chrono>
#include <memory>
#include <string_view>
#include <vector>

#include "otel/logs/logger.h"
#include "otel/logs/processors.h"

namespace otel::logs {

struct LoggerProviderOptions {
  Resource resource = Resource::create();
  std::vector<std::shared_ptr<LogRecordProcessor>> processors;
  bool enabled = true;  // false: loggers drop everything (OTEL_SDK_DISABLED)
};

class LoggerProvider {
 public:
  explicit LoggerProvider(LoggerProviderOptions options = {});
  // The usual provider: `resource` on every record, records handed to `processor` (none
  // when null). OTEL_SDK_DISABLED=true gives a disabled provider.
  static std::shared_ptr<LoggerProvider> create(const Resource& resource,
                                                std::shared_ptr<LogRecordProcessor> processor);
  ~LoggerProvider();  // shuts down (bounded by 5 s) if not done yet
  LoggerProvider(const LoggerProvider&) = delete;
  LoggerProvider& operator=(const LoggerProvider&) = delete;

  std::shared_ptr<Logger> get_logger(std::string_view name, std::string_view version = "",
                                     std::string_view schema_url = "",
                                     const Attributes& attributes = {});
  void add_processor(std::shared_ptr<LogRecordProcessor> processor);
  bool force_flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  bool shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  std::shared_ptr<detail::ProviderState> state_;
};

// A disabled provider until set_logger_provider is called.
std::shared_ptr<LoggerProvider> get_logger_provider();
void set_logger_provider(std::shared_ptr<LoggerProvider> provider);

}  // namespace otel::logs
