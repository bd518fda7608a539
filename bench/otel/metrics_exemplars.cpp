// What exemplars cost the recording hot path (#18): a histogram record and a counter add
// with no span, an unsampled span and a sampled span current, under the default
// trace_based exemplar filter. The span is a non-recording Span carrying a SpanContext
// (what a remote parent or a sampled-out span looks like to the SDK), so the numbers are
// the metric path's alone. Compare with the same file built without exemplars.
#include <benchmark/benchmark.h>

#include <memory>

#include "metrics_fixture.h"
#include "otel/context/context.h"
#include "otel/metrics/meter_provider.h"
#include "otel/trace/span.h"

namespace {

MetricsFixture& Fixture() {
  return metrics_fixture();
}

std::shared_ptr<otel::trace::Span> MakeSpan(bool sampled) {
  auto trace_id = otel::trace::TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
  auto span_id = otel::trace::SpanId::from_hex("00f067aa0ba902b7");
  return std::make_shared<otel::trace::Span>(otel::trace::SpanContext(
      *trace_id, *span_id, otel::trace::TraceFlags(sampled ? 1 : 0), false));
}

// 0: no span, 1: unsampled span, 2: sampled span.
void BM_ExemplarHistogramRecord(benchmark::State& state) {
  auto& histogram = Fixture().histogram;
  std::shared_ptr<otel::trace::Span> span;
  if (state.range(0) > 0) span = MakeSpan(state.range(0) == 2);
  auto scope = otel::Context::current().with_span(span).attach();
  double v = 0;
  for (auto _ : state) {
    histogram.record(v);
    v = v > 9000 ? 0 : v + 37.5;
  }
}
BENCHMARK(BM_ExemplarHistogramRecord)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();

void BM_ExemplarHistogramRecordThreeAttributes(benchmark::State& state) {
  auto& histogram = Fixture().histogram;
  std::shared_ptr<otel::trace::Span> span;
  if (state.range(0) > 0) span = MakeSpan(state.range(0) == 2);
  auto scope = otel::Context::current().with_span(span).attach();
  double v = 0;
  for (auto _ : state) {
    histogram.record(v, {{"http.request.method", "GET"},
                         {"http.response.status_code", 200},
                         {"http.route", "/api"}});
    v = v > 9000 ? 0 : v + 37.5;
  }
}
BENCHMARK(BM_ExemplarHistogramRecordThreeAttributes)->Arg(0)->Arg(2)->UseRealTime();

void BM_ExemplarCounterAdd(benchmark::State& state) {
  auto& counter = Fixture().counter;
  std::shared_ptr<otel::trace::Span> span;
  if (state.range(0) > 0) span = MakeSpan(state.range(0) == 2);
  auto scope = otel::Context::current().with_span(span).attach();
  for (auto _ : state) counter.add(1);
}
BENCHMARK(BM_ExemplarCounterAdd)->Arg(0)->Arg(1)->Arg(2)->UseRealTime();

}  // namespace
