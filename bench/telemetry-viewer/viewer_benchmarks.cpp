// Viewer performance: spans/s over OTLP/gRPC in batches of 512, the server's own
// cost per span (decode + convert + store, no client), memory per stored span, and
// trace-search latency with the store full.
#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>
#include <malloc.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <ctime>
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

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

using BatchMaker = viewer_fixtures::TraceRequest (*)(std::mt19937_64&, int, const std::string&,
                                                     uint64_t, int);

// Spans/s through the real gRPC receiver (conversion and store included), one
// client per benchmark thread sending batches of `batch` spans made by `make`.
// The client serialises each request in the same process.
void GrpcIngest(benchmark::State& state, BatchMaker make, int batch) {
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
    batches.push_back(make(rng, batch, "gateway", viewer_fixtures::NowUnixNano(), 8));
  auto stub = trace_v1::TraceService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(config.otlp_grpc_port), grpc::InsecureChannelCredentials()));
  size_t i = 0;
  const double cpu_before = ProcessCpuSeconds();
  for (auto _ : state) {
    grpc::ClientContext context;
    trace_v1::ExportTraceServiceResponse response;
    auto status = stub->Export(&context, batches[i++ % batches.size()], &response);
    if (!status.ok()) state.SkipWithError(status.error_message().c_str());
  }
  // Every thread of the process (clients and server) per span: the CPU column is
  // only the client thread's.
  if (state.thread_index() == 0 && state.threads() == 1)
    state.counters["process_cpu_us_per_span"] =
        (ProcessCpuSeconds() - cpu_before) * 1e6 / static_cast<double>(state.iterations() * batch);
  state.SetItemsProcessed(state.iterations() * batch);
  if (state.thread_index() == 0) {
    app->Stop();
    app.reset();
  }
}

// 3 attributes per span.
void BM_GrpcIngest512(benchmark::State& state) {
  GrpcIngest(state, viewer_fixtures::MakeSpanBatch, 512);
}
BENCHMARK(BM_GrpcIngest512)->Threads(1)->Threads(2)->UseRealTime()->MinTime(2.0);

// HTTP server spans (12 attributes), in batches of 512 and of 8 (one request's spans).
void BM_GrpcIngestHttpSpans(benchmark::State& state) {
  GrpcIngest(state, viewer_fixtures::MakeHttpSpanBatch, static_cast<int>(state.range(0)));
}
BENCHMARK(BM_GrpcIngestHttpSpans)->Arg(512)->Arg(8)->UseRealTime()->MinTime(2.0);

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Serialised requests whose trace ids can be renewed in place, so every ingest
// stores new traces without the cost of building or serialising a request.
struct EncodedBatches {
  std::vector<std::string> bodies;
  std::vector<std::vector<size_t>> trace_id_offsets;  // per body: where each trace id is
  size_t next = 0;
  uint64_t traces = 0;

  explicit EncodedBatches(int count) {
    std::mt19937_64 rng(11);
    for (int i = 0; i < count; ++i) {
      const auto request =
          viewer_fixtures::MakeHttpSpanBatch(rng, 512, "gateway", 1'700'000'000'000'000'000ull, 8);
      bodies.push_back(request.SerializeAsString());
      std::vector<size_t> offsets;
      for (const auto& span : request.resource_spans(0).scope_spans(0).spans())
        offsets.push_back(bodies.back().find(span.trace_id()));
      trace_id_offsets.push_back(std::move(offsets));
    }
  }
  // The next body, with fresh trace ids (the first 8 bytes of each are rewritten).
  const std::string& Next() {
    const size_t index = next++ % bodies.size();
    std::string& body = bodies[index];
    uint64_t last_old = 0, fresh = 0;
    for (size_t offset : trace_id_offsets[index]) {
      uint64_t old;
      std::memcpy(&old, body.data() + offset, 8);
      if (old != last_old) {  // spans of one trace are consecutive
        last_old = old;
        fresh = SplitMix64(++traces) | 1;
      }
      std::memcpy(body.data() + offset, &fresh, 8);
    }
    return body;
  }
};

// What a receiver does with a request body once it has it: decode, convert, store.
void Ingest(viewer::Ingest& ingest, const std::string& body) {
  std::string error;
  if (!ingest.Traces(body, viewer::BodyEncoding::kProtobuf, &error)) std::abort();
}
// The measured calls, not inlined, so callgrind can count their instructions alone
// (bench/telemetry-viewer/callgrind_per_span.sh).
[[gnu::noinline]] void MeasuredIngest(viewer::Ingest& ingest, const std::string& body) {
  Ingest(ingest, body);
}

// The server's cost per span without the client: batches of 512 HTTP server spans
// (12 attributes) decoded from protobuf, converted and stored in a store that is
// already full (range(0) spans), so every span stored evicts one.
void BM_ServerIngestHttpSpans(benchmark::State& state) {
  const size_t capacity = static_cast<size_t>(state.range(0));
  viewer::Store store(
      {.max_spans = capacity, .max_logs = 1, .max_metric_points = 1, .max_bytes = 4ull << 30});
  viewer::Ingest ingest(store, nullptr);
  EncodedBatches batches(16);
  while (store.Stats().spans < capacity) Ingest(ingest, batches.Next());
  for (auto _ : state) MeasuredIngest(ingest, batches.Next());
  state.SetItemsProcessed(state.iterations() * 512);
  state.counters["evicted"] = static_cast<double>(store.Stats().evicted_spans);
}
BENCHMARK(BM_ServerIngestHttpSpans)->Arg(200'000)->Arg(20'000)->MinTime(2.0);
// A fixed number of batches, for counting instructions under callgrind.
BENCHMARK(BM_ServerIngestHttpSpans)->Arg(20'000)->Iterations(20);

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

// Resident memory per stored span: 100k spans made by make_batch (512 at a time).
template <typename MakeBatch>
void MemoryPerStoredSpan(benchmark::State& state, MakeBatch make_batch) {
  double per_span = 0, estimate = 0;
  for (auto _ : state) {
    // Give back what earlier benchmarks freed: otherwise the store grows into pages that
    // are already resident and the figure depends on what ran before.
    malloc_trim(0);
    const size_t before = ResidentBytes();
    {
      viewer::Store store(
          {.max_spans = 100'000, .max_logs = 1, .max_metric_points = 1, .max_bytes = 2ull << 30});
      viewer::Ingest ingest(store, nullptr);
      std::mt19937_64 rng(5);
      for (int i = 0; i < 100'000 / 512; ++i)
        ingest.Traces(make_batch(rng, 512, "gateway", 1'700'000'000'000'000'000ull, 8));
      const auto stats = store.Stats();
      per_span = static_cast<double>(ResidentBytes() - before) / static_cast<double>(stats.spans);
      estimate = static_cast<double>(stats.span_bytes) / static_cast<double>(stats.spans);
    }
  }
  state.counters["rss_bytes_per_span"] = per_span;
  state.counters["store_estimate_bytes_per_span"] = estimate;
}

void BM_MemoryPerStoredSpan(benchmark::State& state) {
  MemoryPerStoredSpan(state, viewer_fixtures::MakeSpanBatch);
}
BENCHMARK(BM_MemoryPerStoredSpan)->Iterations(1)->Unit(benchmark::kMillisecond);

// The same with HTTP server spans (12 attributes each).
void BM_MemoryPerStoredHttpSpan(benchmark::State& state) {
  MemoryPerStoredSpan(state, viewer_fixtures::MakeHttpSpanBatch);
}
BENCHMARK(BM_MemoryPerStoredHttpSpan)->Iterations(1)->Unit(benchmark::kMillisecond);

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
