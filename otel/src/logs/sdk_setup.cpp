// setup_logs_from_env(): the logs part of otel::sdk::configure_from_env().
#include <algorithm>

#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "otel/logs/exporters.h"
#include "otel/logs/setup.h"
#include "otel/sdk/signal_setup.h"

namespace otel::logs {

namespace {

// The exporter for one OTEL_LOGS_EXPORTER name (otlp, console), an OTLP export bounded
// by its own timeout and `timeout`; nullptr, with a warning, for an unknown name.
std::shared_ptr<LogRecordExporter> log_exporter_from_name(const std::string& name,
                                                          std::chrono::milliseconds timeout) {
  if (name == "otlp") {
    auto options = exporters::otlp::OtlpExporterOptions::from_env(exporters::otlp::Signal::kLogs);
    options.timeout = std::min(options.timeout, timeout);
    return std::make_shared<OtlpLogExporter>(std::move(options));
  }
  if (name == "console") return std::make_shared<ConsoleLogExporter>();
  internal::warn("OTEL_LOGS_EXPORTER: unknown exporter '" + name +
                 "' (expected otlp, console or none); skipped");
  return nullptr;
}

std::vector<std::string> logs_exporter_names() {
  std::vector<std::string> names = env::get_list("OTEL_LOGS_EXPORTER");
  if (names.empty()) names.push_back("otlp");
  for (std::string& name : names) name = env::to_lower(name);
  return names;
}

}  // namespace

std::vector<std::shared_ptr<LogRecordProcessor>> processors_from_env() {
  const std::vector<std::string> names = logs_exporter_names();
  std::vector<std::shared_ptr<LogRecordProcessor>> processors;
  if (std::find(names.begin(), names.end(), "none") != names.end()) return processors;
  const auto batch = BatchLogRecordProcessorOptions::from_env();
  for (const auto& name : names) {
    // One export must end within the batch processor's export timeout.
    auto exporter = log_exporter_from_name(name, batch.export_timeout);
    if (!exporter) continue;
    if (name == "console") {
      processors.push_back(std::make_shared<SimpleLogRecordProcessor>(std::move(exporter)));
    } else {
      processors.push_back(std::make_shared<BatchLogRecordProcessor>(std::move(exporter), batch));
    }
  }
  return processors;
}

std::shared_ptr<LogRecordExporter> log_exporter_from_env() {
  const std::vector<std::string> names = logs_exporter_names();
  if (names.size() > 1)
    internal::warn("OTEL_LOGS_EXPORTER: one exporter per processor; using '" + names[0] +
                   "', ignoring the others");
  if (names[0] == "none") return nullptr;
  return log_exporter_from_name(names[0], std::chrono::milliseconds::max());
}

std::shared_ptr<LoggerProvider> LoggerProvider::create(
    const Resource& resource, std::shared_ptr<LogRecordProcessor> processor) {
  LoggerProviderOptions options;
  options.resource = resource;
  options.enabled = !env::get_bool("OTEL_SDK_DISABLED", false);
  if (options.enabled && processor) options.processors.push_back(std::move(processor));
  return std::make_shared<LoggerProvider>(std::move(options));
}

}  // namespace otel::logs

namespace otel::sdk {

std::unique_ptr<SignalHandle> setup_logs_from_env(const SdkSettings& settings) {
  if (settings.disabled) return nullptr;
  auto processors = logs::processors_from_env();
  if (processors.empty()) return nullptr;
  logs::LoggerProviderOptions options;
  options.resource = settings.resource;
  options.processors = std::move(processors);
  auto provider = std::make_shared<logs::LoggerProvider>(std::move(options));
  logs::set_logger_provider(provider);
  return std::make_unique<ProviderHandle<logs::LoggerProvider>>(provider);
}

}  // namespace otel::sdk
