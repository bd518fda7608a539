// Viewer performance: spans/s over OTLP/gRPC in batches of 512, memory per
// stored span, and trace-search latency with the store full.
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include "app.h"
#include "ingest.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"
#include "otlp_fixtures.h"
#include "store.h"

namespace {
namespace trace_v1 = opentelemetry::proto::collector::trace::v1;

int UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

// Spans/s through the real gRPC receiver (conversion and store included), one
// client per benchmark thread sending batches of 512 spans.
void BM_GrpcIngest512(benchmark::State& state) {
  static viewer::Config config;
  static std::unique_ptr<viewer::ViewerApp> app;
  if (state.thread_index() == 0) {
    config.port = UnusedPort();
    config.otlp_grpc_port = UnusedPort();
    config.otlp_http_port = UnusedPort();
    config.limits.max_spans = 200'000;
    app = std::make_unique<viewer::ViewerApp>(config);
    std::string error;
    if (!app->Start(&error)) state.SkipWithError(error.c_str());
  }
  std::mt19937_64 rng(static_cast<uint64_t>(state.thread_index()) + 1);
  std::vector<trace_v1::ExportTraceServiceRequest> batches;
  for (int i = 0; i < 16; ++i)
    batches.push_back(
        viewer_fixtures::MakeSpanBatch(rng, 512, "gateway", viewer_fixtures::NowUnixNano()));
  auto stub = trace_v1::TraceService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(config.otlp_grpc_port), grpc::InsecureChannelCredentials()));
  size_t i = 0;
  for (auto _ : state) {
    grpc::ClientContext context;
    trace_v1::ExportTraceServiceResponse response;
    auto status = stub->Export(&context, batches[i++ % batches.size()], &response);
    if (!status.ok()) state.SkipWithError(status.error_message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * 512);
  if (state.thread_index() == 0) {
    app->Stop();
    app.reset();
  }
}
BENCHMARK(BM_GrpcIngest512)->Threads(1)->Threads(2)->UseRealTime()->MinTime(2.0);

// The store filled to its span limit, built once for the search benchmarks.
viewer::Store& FullStore() {
  static viewer::Store* store = [] {
    auto* s = new viewer::Store(
        {.max_spans = 200'000, .max_logs = 1, .max_metric_points = 1, .max_bytes = 2ull << 30});
    viewer::Ingest ingest(*s, nullptr);
    std::mt19937_64 rng(9);
    const char* services[] = {"frontend", "gateway", "geolocator-service", "iss-distance-service"};
    for (int i = 0; i < 200'000 / 512 + 1; ++i)
      ingest.Traces(viewer_fixtures::MakeSpanBatch(
          rng, 512, services[i % 4], 1'700'000'000'000'000'000ull + i * 1'000'000'000ull));
    return s;
  }();
  return *store;
}

void BM_MemoryPerStoredSpan(benchmark::State& state) {
  double per_span = 0, estimate = 0;
  for (auto _ : state) {
    const size_t before = ResidentBytes();
    {
      viewer::Store store(
          {.max_spans = 100'000, .max_logs = 1, .max_metric_points = 1, .max_bytes = 2ull << 30});
      viewer::Ingest ingest(store, nullptr);
      std::mt19937_64 rng(5);
      for (int i = 0; i < 100'000 / 512; ++i)
        ingest.Traces(
            viewer_fixtures::MakeSpanBatch(rng, 512, "gateway", 1'700'000'000'000'000'000ull));
      const auto stats = store.Stats();
      per_span = static_cast<double>(ResidentBytes() - before) / static_cast<double>(stats.spans);
      estimate = static_cast<double>(stats.span_bytes) / static_cast<double>(stats.spans);
    }
  }
  state.counters["rss_bytes_per_span"] = per_span;
  state.counters["store_estimate_bytes_per_span"] = estimate;
}
BENCHMARK(BM_MemoryPerStoredSpan)->Iterations(1)->Unit(benchmark::kMillisecond);

void BM_TraceSearchFullStore_Service(benchmark::State& state) {
  viewer::Store& store = FullStore();
  for (auto _ : state)
    benchmark::DoNotOptimize(store.SearchTraces({.service = "gateway", .limit = 20}));
  state.counters["spans"] = static_cast<double>(store.Stats().spans);
  state.counters["traces"] = static_cast<double>(store.Stats().traces);
}
BENCHMARK(BM_TraceSearchFullStore_Service)->Unit(benchmark::kMillisecond);

void BM_TraceSearchFullStore_AttributeAndError(benchmark::State& state) {
  viewer::Store& store = FullStore();
  for (auto _ : state)
    benchmark::DoNotOptimize(store.SearchTraces({.errors_only = true,
                                                 .attribute_key = "http.response.status_code",
                                                 .attribute_value = "500",
                                                 .limit = 20}));
}
BENCHMARK(BM_TraceSearchFullStore_AttributeAndError)->Unit(benchmark::kMillisecond);

void BM_TraceSearchFullStore_SpanNameNoMatch(benchmark::State& state) {
  viewer::Store& store = FullStore();  // the worst case: every span of every trace is looked at
  for (auto _ : state)
    benchmark::DoNotOptimize(store.SearchTraces({.span_name = "no-such-span", .limit = 20}));
}
BENCHMARK(BM_TraceSearchFullStore_SpanNameNoMatch)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
