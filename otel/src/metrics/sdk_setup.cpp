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

namespace {

// The push exporter for one OTEL_METRICS_EXPORTER name (otlp, console); nullptr, with a
// warning, for a name that is neither (prometheus and none are handled by the callers).
std::shared_ptr<MetricExporter> metric_exporter_from_name(const std::string& name) {
  const auto preference = parse_temporality_preference(
      env::get_string("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE").value_or(""));
  if (name == "otlp") {
    auto options =
        exporters::otlp::OtlpExporterOptions::from_env(exporters::otlp::Signal::kMetrics);
    // One export must end within the reader's export timeout.
    options.timeout = std::min(options.timeout, PeriodicReaderOptions::from_env().timeout);
    return std::make_shared<OtlpMetricExporter>(std::move(options), preference);
  }
  if (name == "console") return std::make_shared<ConsoleMetricExporter>(nullptr, preference);
  internal::warn("OTEL_METRICS_EXPORTER: unknown exporter '" + name +
                 "' (expected otlp, console, prometheus or none); skipped");
  return nullptr;
}

// The Prometheus pull exporter (a reader), listening on OTEL_EXPORTER_PROMETHEUS_HOST/_PORT;
// nullptr when it cannot listen.
std::shared_ptr<MetricReader> prometheus_reader_from_env() {
  auto exporter =
      std::make_shared<prometheus::PrometheusExporter>(prometheus::ExporterOptions::from_env());
  if (!exporter->start()) return nullptr;
  return exporter;
}

std::vector<std::string> metrics_exporter_names() {
  std::vector<std::string> names = env::get_list("OTEL_METRICS_EXPORTER");
  if (names.empty()) names.push_back("otlp");
  for (std::string& name : names) name = env::to_lower(name);
  return names;
}

}  // namespace

std::vector<std::shared_ptr<MetricReader>> readers_from_env() {
  const std::vector<std::string> names = metrics_exporter_names();
  std::vector<std::shared_ptr<MetricReader>> readers;
  if (std::find(names.begin(), names.end(), "none") != names.end()) return readers;
  const auto periodic = PeriodicReaderOptions::from_env();
  for (const auto& name : names) {
    std::shared_ptr<MetricReader> reader;
    if (name == "prometheus") {
      reader = prometheus_reader_from_env();
    } else if (auto exporter = metric_exporter_from_name(name)) {
      reader = std::make_shared<PeriodicExportingMetricReader>(std::move(exporter), periodic);
    }
    if (reader) readers.push_back(std::move(reader));
  }
  return readers;
}

std::shared_ptr<MetricExporter> metric_exporter_from_env() {
  const std::vector<std::string> names = metrics_exporter_names();
  if (std::find(names.begin(), names.end(), "none") != names.end()) return nullptr;
  std::shared_ptr<MetricExporter> exporter;
  for (const auto& name : names) {
    if (name == "prometheus") continue;  // a reader: MeterProvider::create adds it
    if (exporter) {
      internal::warn("OTEL_METRICS_EXPORTER: one push exporter per reader; '" + name + "' ignored");
      continue;
    }
    exporter = metric_exporter_from_name(name);
  }
  return exporter;
}

std::shared_ptr<MeterProvider> MeterProvider::create(const Resource& resource,
                                                     std::shared_ptr<MetricReader> reader) {
  const bool enabled = !env::get_bool("OTEL_SDK_DISABLED", false);
  MeterProviderOptions options;
  options.resource = resource;
  options.enabled = enabled;
  options.exemplar_filter = exemplar_filter_from_env();
  auto provider = std::make_shared<MeterProvider>(std::move(options));
  if (!enabled) return provider;
  if (reader) provider->add_reader(std::move(reader));
  const std::vector<std::string> names = metrics_exporter_names();
  if (std::find(names.begin(), names.end(), "prometheus") != names.end()) {
    if (auto prometheus = prometheus_reader_from_env()) provider->add_reader(std::move(prometheus));
  }
  return provider;
}

}  // namespace otel::metrics

namespace otel::sdk {

std::unique_ptr<SignalHandle> setup_metrics_from_env(const SdkSettings& settings) {
  if (settings.disabled) return nullptr;
  auto readers = metrics::readers_from_env();
  if (readers.empty()) return nullptr;
  metrics::MeterProviderOptions options;
  options.resource = settings.resource;
  options.exemplar_filter = metrics::exemplar_filter_from_env();
  auto provider = std::make_shared<metrics::MeterProvider>(std::move(options));
  for (auto& reader : readers) provider->add_reader(std::move(reader));
  metrics::set_meter_provider(provider);
  return std::make_unique<ProviderHandle<metrics::MeterProvider>>(provider);
}

}  // namespace otel::sdk
