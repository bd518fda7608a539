// One meter provider with a manual reader, a counter and a histogram, shared by the
// metrics benchmarks (metrics_instruments.cpp, metrics_exemplars.cpp).
#pragma once

#include <cstdint>
#include <memory>

#include "otel/metrics/meter_provider.h"
#include "otel/metrics/metric_reader.h"

struct MetricsFixture {
  MetricsFixture() {
    provider = std::make_shared<otel::metrics::MeterProvider>(
        otel::metrics::MeterProviderOptions{otel::Resource::empty(), {}, 2000, true});
    provider->add_reader(std::make_shared<otel::metrics::ManualReader>());
    meter = provider->get_meter("bench");
    counter = meter->create_counter<std::int64_t>("requests");
    histogram = meter->create_histogram<double>("duration", "", "ms");
  }
  std::shared_ptr<otel::metrics::MeterProvider> provider;
  std::shared_ptr<otel::metrics::Meter> meter;
  otel::metrics::Counter<std::int64_t> counter;
  otel::metrics::Histogram<double> histogram;
};

inline MetricsFixture& metrics_fixture() {
  static MetricsFixture fixture;
  return fixture;
}
