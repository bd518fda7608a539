// OTLP span (and log record) encoding per item: the generated messages in a reused arena +
// SerializeAsString (the exporter's path before) vs the hand-written wire encoder (its path now),
// on spans shaped like the services' (an HTTP server span with its 12 attributes) and on small
// ones.
#include <benchmark/benchmark.h>
#include <google/protobuf/arena.h>

#include <string>
#include <vector>

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"
#include "otel/logs/exporters.h"
#include "otel/trace/tracer_provider.h"

using namespace otel::trace;

namespace {

// 512 ended spans (one batch): `server_like` gives each the attributes the HTTP server
// instrumentation records; otherwise 3 small attributes.
SpanBatch Batch(bool server_like) {
  auto exporter = std::make_unique<InMemorySpanExporter>();
  auto* memory = exporter.get();
  TracerProviderOptions options;
  options.resource = otel::Resource(otel::Attributes{{"service.name", "gateway"},
                                                     {"service.version", "0.1.0"},
                                                     {"deployment.environment.name", "dev"},
                                                     {"telemetry.sdk.language", "cpp"}});
  options.processors.push_back(std::make_unique<SimpleSpanProcessor>(std::move(exporter)));
  auto provider = TracerProvider::create(std::move(options));
  auto tracer = provider->get_tracer("otel-httplib", "0.1.0");
  for (int i = 0; i < 512; ++i) {
    StartSpanOptions start;
    start.kind = server_like ? SpanKind::kServer : SpanKind::kInternal;
    auto span = tracer->start_span(server_like ? "GET /" : "operation", std::move(start));
    if (server_like) {
      span->set_attribute("http.request.method", "GET");
      span->set_attribute("url.path", "/");
      span->set_attribute("url.scheme", "http");
      span->set_attribute("server.address", "127.0.0.1");
      span->set_attribute("server.port", 5000);
      span->set_attribute("client.address", "127.0.0.1");
      span->set_attribute("client.port", 40000 + i);
      span->set_attribute("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)");
      span->set_attribute("network.protocol.version", "1.1");
      span->set_attribute("http.route", "/");
      span->set_attribute("http.response.status_code", 200);
      span->set_attribute("url.query", "location=London");
    } else {
      span->set_attribute("http.request.method", "GET");
      span->set_attribute("http.response.status_code", 200);
      span->set_attribute("url.path", "/api/iss");
    }
    span->end();
  }
  return memory->spans();
}

void MessageInArena(benchmark::State& state, bool server_like) {
  const auto spans = Batch(server_like);
  std::vector<char> block(256 * 1024);
  std::size_t bytes = 0;
  for (auto _ : state) {
    google::protobuf::ArenaOptions options;
    options.initial_block = block.data();
    options.initial_block_size = block.size();
    options.max_block_size = 32 * 1024;
    google::protobuf::Arena arena(options);
    auto* request = google::protobuf::Arena::CreateMessage<
        opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest>(&arena);
    otel::exporters::otlp::encode_spans(spans, request);
    auto serialized = request->SerializeAsString();
    bytes = serialized.size();
    benchmark::DoNotOptimize(serialized);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(spans.size()));
  state.counters["bytes_per_span"] = static_cast<double>(bytes) / static_cast<double>(spans.size());
}

void Wire(benchmark::State& state, bool server_like) {
  const auto spans = Batch(server_like);
  std::string out;
  for (auto _ : state) {
    otel::exporters::otlp::serialize_span_request(spans, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(spans.size()));
  state.counters["bytes_per_span"] =
      static_cast<double>(out.size()) / static_cast<double>(spans.size());
}

void BM_OtlpServerSpansMessageInArena(benchmark::State& state) {
  MessageInArena(state, true);
}
void BM_OtlpServerSpansWire(benchmark::State& state) {
  Wire(state, true);
}
void BM_OtlpSmallSpansMessageInArena(benchmark::State& state) {
  MessageInArena(state, false);
}
void BM_OtlpSmallSpansWire(benchmark::State& state) {
  Wire(state, false);
}
BENCHMARK(BM_OtlpServerSpansMessageInArena);
BENCHMARK(BM_OtlpServerSpansWire);
BENCHMARK(BM_OtlpSmallSpansMessageInArena);
BENCHMARK(BM_OtlpSmallSpansWire);

// 512 log records like the services' (a message, the trace context, two attributes).
std::vector<otel::logs::LogData> LogBatch() {
  auto origin = std::make_shared<otel::logs::LoggerOrigin>();
  origin->scope.name = "iss-distance-service";
  origin->resource = std::make_shared<const otel::Resource>(
      otel::Attributes{{"service.name", "iss-distance-service"}, {"service.version", "0.1.0"}});
  std::vector<otel::logs::LogData> batch(512);
  for (auto& d : batch) {
    d.origin = origin;
    d.record.timestamp_ns = 1'700'000'000'000'000'000ULL;
    d.record.observed_timestamp_ns = d.record.timestamp_ns;
    d.record.severity = otel::logs::Severity::kInfo;
    d.record.severity_text = "INFO";
    d.record.body = otel::AttributeValue("received request from IP address: 127.0.0.1");
    d.record.attributes = {{"code.function", "HandleDistanceRequest"}, {"thread.id", 12345}};
    d.record.trace_id.bytes.fill(0xab);
    d.record.span_id.bytes.fill(0xcd);
    d.record.trace_flags = TraceFlags(1);
  }
  return batch;
}

void BM_OtlpLogsMessage(benchmark::State& state) {
  const auto batch = LogBatch();
  for (auto _ : state) {
    opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest request;
    otel::logs::to_otlp_request(batch, &request);
    auto serialized = request.SerializeAsString();
    benchmark::DoNotOptimize(serialized);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch.size()));
}
void BM_OtlpLogsWire(benchmark::State& state) {
  const auto batch = LogBatch();
  std::string out;
  for (auto _ : state) {
    otel::logs::serialize_otlp_request(batch, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(batch.size()));
}
BENCHMARK(BM_OtlpLogsMessage);
BENCHMARK(BM_OtlpLogsWire);

}  // namespace
