// Metrics hot path: counter add with 0 and 3 attributes, histogram record, from 1 and
// 2 threads (Google Benchmark's ->Threads: per-iteration time is per thread).
#include <benchmark/benchmark.h>

#include "metrics_fixture.h"
#include "otel/metrics/meter_provider.h"

namespace {

MetricsFixture& Fixture() {
  return metrics_fixture();
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
