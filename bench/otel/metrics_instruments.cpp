// Metrics hot path: counter add with 0 and 3 attributes, histogram record, from 1 and
// 2 threads (Google Benchmark's ->Threads: per-iteration time is per thread).
#include <benchmark/benchmark.h>

#include "otel/metrics/meter_provider.h"

namespace {

struct MetricsFixture {
  MetricsFixture() {
    provider = std::make_shared<otel::metrics::MeterProvider>(
        otel::metrics::MeterProviderOptions{otel::Resource::empty(), {}, 2000, true});
    provider->add_reader(std::make_shared<otel::metrics::ManualReader>());
    meter = provider->get_meter("bench");
    counter = meter->create_counter<int64_t>("requests");
    histogram = meter->create_histogram<double>("duration", "", "ms");
  }
  std::shared_ptr<otel::metrics::MeterProvider> provider;
  std::shared_ptr<otel::metrics::Meter> meter;
  otel::metrics::Counter<int64_t> counter;
  otel::metrics::Histogram<double> histogram;
};

MetricsFixture& Fixture() {
  static MetricsFixture fixture;
  return fixture;
}

void BM_CounterAddNoAttributes(benchmark::State& state) {
  auto& counter = Fixture().counter;
  for (auto _ : state) counter.add(1);
}
BENCHMARK(BM_CounterAddNoAttributes)->Threads(1)->Threads(2)->UseRealTime();

void BM_CounterAddThreeAttributes(benchmark::State& state) {
  auto& counter = Fixture().counter;
  for (auto _ : state) {
    counter.add(1, {{"http.request.method", "GET"},
                    {"http.response.status_code", 200},
                    {"http.route", "/api"}});
  }
}
BENCHMARK(BM_CounterAddThreeAttributes)->Threads(1)->Threads(2)->UseRealTime();

void BM_HistogramRecordNoAttributes(benchmark::State& state) {
  auto& histogram = Fixture().histogram;
  double v = 0;
  for (auto _ : state) {
    histogram.record(v);
    v = v > 9000 ? 0 : v + 37.5;
  }
}
BENCHMARK(BM_HistogramRecordNoAttributes)->Threads(1)->Threads(2)->UseRealTime();

void BM_HistogramRecordThreeAttributes(benchmark::State& state) {
  auto& histogram = Fixture().histogram;
  double v = 0;
  for (auto _ : state) {
    histogram.record(v, {{"http.request.method", "GET"},
                         {"http.response.status_code", 200},
                         {"http.route", "/api"}});
    v = v > 9000 ? 0 : v + 37.5;
  }
}
BENCHMARK(BM_HistogramRecordThreeAttributes)->Threads(1)->Threads(2)->UseRealTime();

}  // namespace
