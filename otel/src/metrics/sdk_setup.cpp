// setup_metrics_from_env(): the metrics part of otel::sdk::configure_from_env().
#include <algorithm>

#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "otel/metrics/console_metric_exporter.h"
#include "otel/metrics/otlp_metric_exporter.h"
#include "otel/metrics/periodic_reader.h"
#include "otel/metrics/setup.h"
#include "otel/prometheus/exporter.h"
#include "otel/sdk/signal_setup.h"

namespace otel::metrics {

std::vector<std::shared_ptr<MetricReader>> readers_from_env() {
  std::vector<std::string> names = env::get_list("OTEL_METRICS_EXPORTER");
  if (names.empty()) names.push_back("otlp");
  std::vector<std::shared_ptr<MetricReader>> readers;
  if (std::find(names.begin(), names.end(), "none") != names.end()) return readers;
  const auto periodic = PeriodicReaderOptions::from_env();
  const auto preference = ParseTemporalityPreference(
      env::get_string("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE").value_or(""));
  for (const auto& raw : names) {
    const std::string name = env::to_lower(raw);
    if (name == "otlp") {
      auto options =
          exporters::otlp::OtlpExporterOptions::from_env(exporters::otlp::Signal::kMetrics);
      // One export must end within the reader's export timeout.
      options.timeout = std::min(options.timeout, periodic.timeout);
      readers.push_back(std::make_shared<PeriodicExportingMetricReader>(
          std::make_shared<OtlpMetricExporter>(std::move(options), preference), periodic));
    } else if (name == "console") {
      readers.push_back(std::make_shared<PeriodicExportingMetricReader>(
          std::make_shared<ConsoleMetricExporter>(nullptr, preference), periodic));
    } else if (name == "prometheus") {
      auto exporter =
          std::make_shared<prometheus::PrometheusExporter>(prometheus::ExporterOptions::from_env());
      if (exporter->start()) readers.push_back(std::move(exporter));
    } else {
      internal::warn("OTEL_METRICS_EXPORTER: unknown exporter '" + raw +
                     "' (expected otlp, console, prometheus or none); skipped");
    }
  }
  return readers;
}

std::shared_ptr<MetricExporter> metric_exporter_from_env() {
  std::vector<std::string> names = env::get_list("OTEL_METRICS_EXPORTER");
  if (names.empty()) names.push_back("otlp");
  std::shared_ptr<MetricExporter> exporter;
  for (const auto& raw : names) {
    const std::string name = env::to_lower(raw);
    if (name == "none") return nullptr;
    if (name == "prometheus") continue;  // a reader: MeterProvider::create adds it
    if (exporter) {
      internal::warn("OTEL_METRICS_EXPORTER: one push exporter per reader; '" + raw + "' ignored");
      continue;
    }
    const auto preference = ParseTemporalityPreference(
        env::get_string("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE").value_or(""));
    if (name == "otlp") {
      auto options =
          exporters::otlp::OtlpExporterOptions::from_env(exporters::otlp::Signal::kMetrics);
      options.timeout = std::min(options.timeout, PeriodicReaderOptions::from_env().timeout);
      exporter = std::make_shared<OtlpMetricExporter>(std::move(options), preference);
    } else if (name == "console") {
      exporter = std::make_shared<ConsoleMetricExporter>(nullptr, preference);
    } else {
      internal::warn("OTEL_METRICS_EXPORTER: unknown exporter '" + raw +
                     "' (expected otlp, console, prometheus or none); skipped");
    }
  }
  return exporter;
}

std::shared_ptr<MeterProvider> MeterProvider::create(const Resource& resource,
                                                     std::shared_ptr<MetricReader> reader) {
  const bool enabled = !env::get_bool("OTEL_SDK_DISABLED", false);
  MeterProviderOptions options;
  options.resource = resource;
  options.enabled = enabled;
  auto provider = std::make_shared<MeterProvider>(std::move(options));
  if (!enabled) return provider;
  if (reader) provider->add_reader(std::move(reader));
  std::vector<std::string> names = env::get_list("OTEL_METRICS_EXPORTER");
  if (std::find(names.begin(), names.end(), "prometheus") != names.end()) {
    auto exporter =
        std::make_shared<prometheus::PrometheusExporter>(prometheus::ExporterOptions::from_env());
    if (exporter->start()) provider->add_reader(std::move(exporter));
  }
  return provider;
}

namespace {

class MetricsHandle : public sdk::SignalHandle {
 public:
  explicit MetricsHandle(std::shared_ptr<MeterProvider> provider)
      : provider_(std::move(provider)) {}
  bool force_flush(std::chrono::milliseconds timeout) override {
    return provider_->force_flush(timeout);
  }
  bool shutdown(std::chrono::milliseconds timeout) override { return provider_->shutdown(timeout); }

 private:
  std::shared_ptr<MeterProvider> provider_;
};

}  // namespace
}  // namespace otel::metrics

namespace otel::sdk {

std::unique_ptr<SignalHandle> setup_metrics_from_env(const SdkSettings& settings) {
  if (settings.disabled) return nullptr;
  auto readers = metrics::readers_from_env();
  if (readers.empty()) return nullptr;
  metrics::MeterProviderOptions options;
  options.resource = settings.resource;
  auto provider = std::make_shared<metrics::MeterProvider>(std::move(options));
  for (auto& reader : readers) provider->add_reader(std::move(reader));
  metrics::set_meter_provider(provider);
  return std::make_unique<metrics::MetricsHandle>(provider);
}

}  // namespace otel::sdk
