// What the cpp-httplib instrumentation adds per request, with the SDK off (no-op
// providers, as with OTEL_SDK_DISABLED or no setup) and on (spans recorded and exported
// to a discarding exporter, the duration histogram aggregated).
//   - InProcess: the server side wrapped around a trivial handler, no network: the pure
//     added cost (extract, span, context, attributes, histogram point).
//   - Loopback: a real GET over a keep-alive loopback connection through the instrumented
//     server and client, against the same request without instrumentation.

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <atomic>
#include <memory>
#include <thread>

#include "instrumentation/fake_request.h"
#include "otel/instrumentation/httplib.h"
#include "otel/metrics/meter_provider.h"
#include "otel/metrics/metric_reader.h"
#include "otel/propagation/text_map.h"
#include "otel/trace/span_processor.h"
#include "otel/trace/tracer_provider.h"

namespace {

namespace ih = otel::instrumentation::httplib;

class DiscardingExporter final : public otel::trace::SpanExporter {
 public:
  otel::ExportResult export_spans(const otel::trace::SpanBatch&) noexcept override {
    return otel::ExportResult::kSuccess;
  }
  bool shutdown(std::chrono::milliseconds) noexcept override { return true; }
};

struct Sdk {
  ih::Providers providers;
  std::shared_ptr<otel::metrics::ManualReader> reader;
};

Sdk make_sdk(bool on) {
  otel::propagation::set_global_propagator(
      otel::propagation::propagator_from_names({"tracecontext", "baggage"}));
  Sdk sdk;
  if (!on) {
    otel::metrics::MeterProviderOptions disabled;
    disabled.enabled = false;
    sdk.providers = {otel::trace::TracerProvider::noop(),
                     std::make_shared<otel::metrics::MeterProvider>(std::move(disabled))};
    return sdk;
  }
  otel::trace::TracerProviderOptions options;
  options.processors.push_back(
      std::make_unique<otel::trace::SimpleSpanProcessor>(std::make_unique<DiscardingExporter>()));
  sdk.providers.tracer_provider = otel::trace::TracerProvider::create(std::move(options));
  sdk.providers.meter_provider = std::make_shared<otel::metrics::MeterProvider>();
  sdk.reader = std::make_shared<otel::metrics::ManualReader>();
  sdk.providers.meter_provider->add_reader(sdk.reader);
  return sdk;
}

void BM_ServerInProcess(benchmark::State& state) {
  const bool on = state.range(0) != 0;
  Sdk sdk = make_sdk(on);
  ih::ServerOptions options;
  options.providers = sdk.providers;
  ih::RequestTracer trace_request = ih::request_tracer(options);
  const httplib::Request req = otel_test::FakeRequest(
      "/?location=Oslo", "127.0.0.1", 40000, "127.0.0.1", 8080,
      {{"Host", "127.0.0.1:8080"},
       {"User-Agent", "bench"},
       {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}});
  for (auto _ : state) {
    httplib::Response res;
    trace_request(req, res, "/", [&] { res.status = 200; });
    benchmark::DoNotOptimize(res.status);
  }
  state.SetLabel(on ? "sdk on" : "sdk off");
}
BENCHMARK(BM_ServerInProcess)->Arg(0)->Arg(1);

void BM_ServerInProcessNoInstrumentation(benchmark::State& state) {
  httplib::Request req;
  for (auto _ : state) {
    httplib::Response res;
    std::function<void()> handler = [&] { res.status = 200; };
    handler();
    benchmark::DoNotOptimize(res.status);
  }
}
BENCHMARK(BM_ServerInProcessNoInstrumentation);

// mode 0: no instrumentation; 1: instrumented, SDK off; 2: instrumented, SDK on.
void BM_LoopbackRequest(benchmark::State& state) {
  const int mode = static_cast<int>(state.range(0));
  Sdk sdk = make_sdk(mode == 2);
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(2); };
  server.set_tcp_nodelay(true);  // else Nagle + delayed ACK make every request ~40 ms
  httplib::Server::Handler hello = [](const httplib::Request&, httplib::Response& res) {
    res.set_content("hello", "text/plain");
  };
  if (mode == 0) {
    server.Get("/", hello);
  } else {
    ih::ServerOptions options;
    options.providers = sdk.providers;
    ih::instrument_server(server, options);
    server.Get("/", ih::traced_route("/", hello));
  }
  int port = server.bind_to_any_port("127.0.0.1");
  std::atomic<bool> done{false};
  std::thread loop([&] {
    server.listen_after_bind();
    done = true;
  });
  const std::string url = "http://127.0.0.1:" + std::to_string(port);
  httplib::Client raw(url);
  raw.set_keep_alive(true);
  raw.set_tcp_nodelay(true);
  ih::InstrumentedClient instrumented(url, {sdk.providers});
  instrumented.raw().set_keep_alive(true);
  instrumented.raw().set_tcp_nodelay(true);
  for (auto _ : state) {
    auto result = mode == 0 ? raw.Get("/") : instrumented.get("/");
    if (!result || result->status != 200) state.SkipWithError("request failed");
  }
  raw.stop();
  instrumented.raw().stop();
  while (!done) {
    server.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  loop.join();
  static const char* kLabels[] = {"no instrumentation", "sdk off", "sdk on"};
  state.SetLabel(kLabels[mode]);
}
BENCHMARK(BM_LoopbackRequest)->Arg(0)->Arg(1)->Arg(2)->UseRealTime();

}  // namespace
