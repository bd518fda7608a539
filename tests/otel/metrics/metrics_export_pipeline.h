// Test support: one MeterProvider with a periodic reader and an OTLP metric exporter,
// and an `iss.requests` counter to record into; for the export fault tests.
#pragma once

#include <chrono>
#include <memory>
#include <utility>

#include "otel/metrics/meter_provider.h"
#include "otel/metrics/otlp_metric_exporter.h"
#include "otel/metrics/periodic_reader.h"

namespace otel_test {

struct MetricsExportPipeline {
  // The default interval is long: tests export with force_flush() unless they pass one.
  explicit MetricsExportPipeline(
      otel::exporters::otlp::OtlpExporterOptions options,
      otel::metrics::TemporalityPreference preference =
          otel::metrics::TemporalityPreference::kDelta,
      std::chrono::milliseconds interval = std::chrono::milliseconds(60000)) {
    exporter = std::make_shared<otel::metrics::OtlpMetricExporter>(std::move(options), preference);
    reader = std::make_shared<otel::metrics::PeriodicExportingMetricReader>(
        exporter, otel::metrics::PeriodicReaderOptions{interval, std::chrono::milliseconds(2000)});
    otel::metrics::MeterProviderOptions provider_options;
    provider_options.resource = otel::Resource(otel::Attributes{{"service.name", "fault-test"}});
    provider = std::make_shared<otel::metrics::MeterProvider>(provider_options);
    provider->add_reader(reader);
    counter = provider->get_meter("scope")->create_counter<int64_t>("iss.requests");
  }
  std::shared_ptr<otel::metrics::OtlpMetricExporter> exporter;
  std::shared_ptr<otel::metrics::PeriodicExportingMetricReader> reader;
  std::shared_ptr<otel::metrics::MeterProvider> provider;
  otel::metrics::Counter<int64_t> counter;
};

}  // namespace otel_test
