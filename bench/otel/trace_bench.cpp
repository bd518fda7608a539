// Trace hot paths: span start+end, current-span lookup, W3C inject/extract, batch
// processor enqueue from two threads, OTLP encoding per span.
#include <benchmark/benchmark.h>
#include <google/protobuf/arena.h>

#include <map>
#include <vector>

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
  void on_end(std::shared_ptr<const SpanData> span) noexcept override {
    benchmark::DoNotOptimize(span);
  }
  bool force_flush(std::chrono::milliseconds) noexcept override { return true; }
  bool shutdown(std::chrono::milliseconds) noexcept override { return true; }
};

class NullExporter final : public SpanExporter {
 public:
  otel::ExportResult export_spans(const SpanBatch& spans) noexcept override {
    benchmark::DoNotOptimize(spans.data());
    return otel::ExportResult::kSuccess;
  }
  bool shutdown(std::chrono::milliseconds) noexcept override { return true; }
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

// The same with the default options (queue 2048, batches of 512, 5 s delay): what a
// service runs with.
void BM_SpanStartEnd3AttributesBatchDefaults(benchmark::State& state) {
  auto* processor = new BatchSpanProcessor(std::make_unique<NullExporter>());
  auto provider = make_provider(std::unique_ptr<SpanProcessor>(processor));
  auto tracer = provider->get_tracer("bench");
  for (auto _ : state) {
    auto span = tracer->start_span("operation");
    span->set_attribute("http.method", "GET");
    span->set_attribute("http.status", 200);
    span->set_attribute("ratio", 0.5);
    span->end();
  }
  state.counters["dropped"] = static_cast<double>(processor->dropped_spans());
}
BENCHMARK(BM_SpanStartEnd3AttributesBatchDefaults);

// A server span as the httplib instrumentation starts it: 9 attributes given at start
// (moved into the span), then the status code; simple processor that discards.
void BM_ServerLikeSpanMovedAttributes(benchmark::State& state) {
  auto provider = make_provider(std::make_unique<DiscardingProcessor>());
  auto tracer = provider->get_tracer("bench");
  for (auto _ : state) {
    StartSpanOptions start;
    start.kind = SpanKind::kServer;
    start.attributes.reserve(16);
    otel::set_attribute(start.attributes, "http.request.method", "GET");
    otel::set_attribute(start.attributes, "url.path", "/");
    otel::set_attribute(start.attributes, "url.scheme", "http");
    otel::set_attribute(start.attributes, "server.address", "127.0.0.1");
    otel::set_attribute(start.attributes, "server.port", 8080);
    otel::set_attribute(start.attributes, "client.address", "127.0.0.1");
    otel::set_attribute(start.attributes, "client.port", 50312);
    otel::set_attribute(start.attributes, "user_agent.original", "wrk/4.2.0 (linux)");
    otel::set_attribute(start.attributes, "network.protocol.version", "1.1");
    auto span = tracer->start_span("GET /", std::move(start));
    span->set_attribute("http.response.status_code", 200);
    span->end();
  }
}
BENCHMARK(BM_ServerLikeSpanMovedAttributes);

// The same passing the options as an lvalue: every attribute copied (the old way).
void BM_ServerLikeSpanCopiedAttributes(benchmark::State& state) {
  auto provider = make_provider(std::make_unique<DiscardingProcessor>());
  auto tracer = provider->get_tracer("bench");
  for (auto _ : state) {
    StartSpanOptions start;
    start.kind = SpanKind::kServer;
    otel::set_attribute(start.attributes, "http.request.method", "GET");
    otel::set_attribute(start.attributes, "url.path", "/");
    otel::set_attribute(start.attributes, "url.scheme", "http");
    otel::set_attribute(start.attributes, "server.address", "127.0.0.1");
    otel::set_attribute(start.attributes, "server.port", 8080);
    otel::set_attribute(start.attributes, "client.address", "127.0.0.1");
    otel::set_attribute(start.attributes, "client.port", 50312);
    otel::set_attribute(start.attributes, "user_agent.original", "wrk/4.2.0 (linux)");
    otel::set_attribute(start.attributes, "network.protocol.version", "1.1");
    auto span = tracer->start_span("GET /", start);
    span->set_attribute("http.response.status_code", 200);
    span->end();
  }
}
BENCHMARK(BM_ServerLikeSpanCopiedAttributes);

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

// One export batch (512 spans with three HTTP attributes), as the encoders get it.
SpanBatch RecordedBatch() {
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
  return memory->spans();
}

void BM_OtlpEncodePerSpan(benchmark::State& state) {
  const auto spans = RecordedBatch();
  for (auto _ : state) {
    opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest request;
    otel::exporters::otlp::encode_spans(spans, &request);
    auto bytes = request.SerializeAsString();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(spans.size()));
}
BENCHMARK(BM_OtlpEncodePerSpan);

// What OtlpSpanExporter does: the request in a protobuf arena whose first block is reused.
void BM_OtlpEncodePerSpanArena(benchmark::State& state) {
  const auto spans = RecordedBatch();
  std::vector<char> block(256 * 1024);
  for (auto _ : state) {
    google::protobuf::ArenaOptions options;
    options.initial_block = block.data();
    options.initial_block_size = block.size();
    options.max_block_size = 32 * 1024;
    google::protobuf::Arena arena(options);
    auto* request = google::protobuf::Arena::CreateMessage<
        opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest>(&arena);
    otel::exporters::otlp::encode_spans(spans, request);
    auto bytes = request->SerializeAsString();
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(spans.size()));
}
BENCHMARK(BM_OtlpEncodePerSpanArena);

}  // namespace
