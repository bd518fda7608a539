// Trace hot paths: span start+end, current-span lookup, W3C inject/extract, batch
// processor enqueue from two threads, OTLP encoding per span.
#include <benchmark/benchmark.h>

#include <map>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"
#include "otel/propagation/text_map.h"
#include "otel/trace/batch_span_processor.h"
#include "otel/trace/tracer_provider.h"

using namespace otel::trace;

namespace {

// Ends spans into nothing: the SDK's own cost.
class DiscardingProcessor final : public SpanProcessor {
 public:
  void on_end(std::shared_ptr<const SpanData> span) override { benchmark::DoNotOptimize(span); }
  bool force_flush(std::chrono::milliseconds) override { return true; }
  bool shutdown(std::chrono::milliseconds) override { return true; }
};

class NullExporter final : public SpanExporter {
 public:
  otel::ExportResult export_spans(const SpanBatch& spans) override {
    benchmark::DoNotOptimize(spans.data());
    return otel::ExportResult::kSuccess;
  }
  bool shutdown(std::chrono::milliseconds) override { return true; }
};

std::shared_ptr<TracerProvider> make_provider(std::unique_ptr<SpanProcessor> processor) {
  TracerProviderOptions options;
  options.resource = otel::Resource(otel::Attributes{{"service.name", "bench"}});
  options.processors.push_back(std::move(processor));
  return TracerProvider::create(std::move(options));
}

void BM_SpanStartEnd3Attributes(benchmark::State& state) {
  auto provider = make_provider(std::make_unique<DiscardingProcessor>());
  auto tracer = provider->get_tracer("bench");
  for (auto _ : state) {
    auto span = tracer->start_span("operation");
    span->set_attribute("http.method", "GET");
    span->set_attribute("http.status", 200);
    span->set_attribute("ratio", 0.5);
    span->end();
  }
}
BENCHMARK(BM_SpanStartEnd3Attributes);

void BM_SpanStartEnd3AttributesBatch(benchmark::State& state) {
  BatchSpanProcessorOptions options;
  options.max_queue_size = 1 << 16;
  auto provider = make_provider(
      std::make_unique<BatchSpanProcessor>(std::make_unique<NullExporter>(), options));
  auto tracer = provider->get_tracer("bench");
  for (auto _ : state) {
    auto span = tracer->start_span("operation");
    span->set_attribute("http.method", "GET");
    span->set_attribute("http.status", 200);
    span->set_attribute("ratio", 0.5);
    span->end();
  }
}
BENCHMARK(BM_SpanStartEnd3AttributesBatch);

void BM_StartAsCurrentSpanScoped(benchmark::State& state) {
  auto provider = make_provider(std::make_unique<DiscardingProcessor>());
  auto tracer = provider->get_tracer("bench");
  for (auto _ : state) {
    auto span = tracer->start_as_current_span("operation");
    span->set_attribute("k", 1);
  }
}
BENCHMARK(BM_StartAsCurrentSpanScoped);

void BM_SampledOutSpan(benchmark::State& state) {
  TracerProviderOptions options;
  options.sampler = always_off_sampler();
  auto provider = TracerProvider::create(std::move(options));
  auto tracer = provider->get_tracer("bench");
  for (auto _ : state) {
    auto span = tracer->start_span("operation");
    span->set_attribute("k", 1);
    span->end();
  }
}
BENCHMARK(BM_SampledOutSpan);

void BM_CurrentSpanLookup(benchmark::State& state) {
  auto provider = make_provider(std::make_unique<DiscardingProcessor>());
  auto scoped = provider->get_tracer("bench")->start_as_current_span("outer");
  for (auto _ : state) benchmark::DoNotOptimize(current_span().get());
}
BENCHMARK(BM_CurrentSpanLookup);

void BM_TraceparentInject(benchmark::State& state) {
  otel::propagation::TraceContextPropagator propagator;
  auto sc = *otel::propagation::TraceContextPropagator::parse(
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  auto ctx = otel::Context().with_span(std::make_shared<Span>(sc));
  std::map<std::string, std::string> headers;
  otel::propagation::HeaderCarrier carrier(headers);
  for (auto _ : state) {
    propagator.inject(ctx, carrier);
    benchmark::DoNotOptimize(headers);
  }
}
BENCHMARK(BM_TraceparentInject);

void BM_TraceparentExtract(benchmark::State& state) {
  otel::propagation::TraceContextPropagator propagator;
  std::map<std::string, std::string> headers{
      {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}};
  otel::propagation::ConstHeaderCarrier carrier(headers);
  const otel::Context base;
  for (auto _ : state) {
    auto ctx = propagator.extract(carrier, base);
    benchmark::DoNotOptimize(ctx);
  }
}
BENCHMARK(BM_TraceparentExtract);

// Two threads ending spans into one batch processor (lock-free queue; the worker drains).
BatchSpanProcessor* g_batch = nullptr;
void BM_BatchProcessorEnqueue(benchmark::State& state) {
  static std::unique_ptr<BatchSpanProcessor> processor;
  if (state.thread_index() == 0) {
    BatchSpanProcessorOptions options;
    options.max_queue_size = 1 << 16;
    options.schedule_delay = std::chrono::milliseconds(5);
    processor = std::make_unique<BatchSpanProcessor>(std::make_unique<NullExporter>(), options);
    g_batch = processor.get();
  }
  auto data = std::make_shared<SpanData>();
  data->context = SpanContext(TraceId{{1}}, SpanId{{1}}, TraceFlags(1), false);
  std::shared_ptr<const SpanData> span = data;
  for (auto _ : state) g_batch->on_end(span);
  if (state.thread_index() == 0) {
    state.counters["dropped"] = static_cast<double>(g_batch->dropped_spans());
  }
}
BENCHMARK(BM_BatchProcessorEnqueue)->Threads(2)->UseRealTime();

void BM_OtlpEncodePerSpan(benchmark::State& state) {
  auto exporter = std::make_unique<InMemorySpanExporter>();
  auto* memory = exporter.get();
  auto provider = make_provider(std::make_unique<SimpleSpanProcessor>(std::move(exporter)));
  auto tracer = provider->get_tracer("bench");
  for (int i = 0; i < 512; ++i) {
    auto span = tracer->start_span("operation");
    span->set_attribute("http.request.method", "GET");
    span->set_attribute("http.response.status_code", 200);
    span->set_attribute("url.path", "/api/iss");
    span->end();
  }
  const auto spans = memory->spans();
  for (auto _ : state) {
    opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest request;
    otel::exporters::otlp::encode_spans(spans, &request);
    auto bytes = request.SerializeAsString();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(spans.size()));
}
BENCHMARK(BM_OtlpEncodePerSpan);

}  // namespace
