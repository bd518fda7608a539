// What recording costs per request in the services (OTEL_TRACES_EXPORTER=none: spans are
// recorded but no processor exports them; metrics on), path by path, with the attribute
// sets the services really produce:
//   - the SERVER side of one request as a backend gets it from the gateway (its headers,
//     a traceparent, a query), around a trivial handler;
//   - one outgoing call's CLIENT span: start, inject into the header list, finish;
//   - an INTERNAL span with a few attributes, as the services' own code makes them;
//   - the http.server.request.duration point with the instrumentation's attributes.
// Run with --benchmark_filter=BM_Recording.

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <array>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "instrumentation/fake_request.h"
#include "otel/instrumentation/httplib.h"
#include "otel/metrics/meter_provider.h"
#include "otel/metrics/metric_reader.h"
#include "otel/propagation/text_map.h"
#include "otel/trace/tracer_provider.h"

namespace {

namespace ih = otel::instrumentation::httplib;

// Recording without export, as the services run with OTEL_TRACES_EXPORTER=none.
struct Recording {
  Recording() {
    otel::propagation::set_global_propagator(
        otel::propagation::propagator_from_names({"tracecontext", "baggage"}));
    providers.tracer_provider = otel::trace::TracerProvider::create({});
    providers.meter_provider = std::make_shared<otel::metrics::MeterProvider>();
    providers.meter_provider->add_reader(std::make_shared<otel::metrics::ManualReader>());
  }
  ih::Providers providers;
};

Recording& SharedRecording() {
  static Recording recording;
  return recording;
}

// The request geolocator-service gets from the gateway's cpp-httplib client.
httplib::Request BackendRequest() {
  return otel_test::FakeRequest(
      "/?location=London", "127.0.0.1", 41234, "127.0.0.1", 5002,
      {{"Accept", "*/*"},
       {"Accept-Encoding", "gzip, deflate, br"},
       {"Connection", "close"},
       {"Host", "127.0.0.1:5002"},
       {"User-Agent", "cpp-httplib/0.11"},
       {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}});
}

void BM_RecordingServerRequest(benchmark::State& state) {
  ih::ServerOptions options;
  options.providers = SharedRecording().providers;
  ih::RequestTracer trace_request = ih::request_tracer(options);
  const httplib::Request req = BackendRequest();
  for (auto _ : state) {
    httplib::Response res;
    trace_request(req, res, "/", [&] { res.status = 200; });
    benchmark::DoNotOptimize(res.status);
  }
}
BENCHMARK(BM_RecordingServerRequest);

void BM_RecordingClientRequest(benchmark::State& state) {
  const auto& providers = SharedRecording().providers;
  ih::ClientOptions options{providers};
  auto server_span = providers.tracer_provider->get_tracer("bench")->start_as_current_span(
      "GET /", otel::trace::SpanKind::kServer);
  std::vector<std::pair<std::string, std::string>> headers;
  for (auto _ : state) {
    headers.clear();
    ih::ClientRequestSpan span("GET", "http://127.0.0.1:5002/?location=London", options);
    span.inject(headers);
    span.finish(200);
    benchmark::DoNotOptimize(headers.data());
  }
}
BENCHMARK(BM_RecordingClientRequest);

void BM_RecordingInternalSpan(benchmark::State& state) {
  auto tracer = SharedRecording().providers.tracer_provider->get_tracer("bench");
  const std::string location = "London";
  for (auto _ : state) {
    auto span = tracer->start_as_current_span("getting-coordinates-for-location");
    span->set_attribute("location", location);
    span->set_attribute("geocoder", "gazetteer");
    span->set_attribute("location.found", true);
    span->set_attribute("location.latitude", 51.50853);
    span->set_attribute("location.longitude", -0.12574);
  }
}
BENCHMARK(BM_RecordingInternalSpan);

otel::metrics::Histogram<double> DurationHistogram() {
  return SharedRecording().providers.meter_provider->get_meter("bench")->create_histogram<double>(
      "http.server.request.duration", "", "s");
}

// The attributes built as an otel::Attributes list per point (the instrumentation's way
// before it recorded from a stack array, below).
void BM_RecordingDurationHistogramAttributes(benchmark::State& state) {
  const auto histogram = DurationHistogram();
  const std::string method = "GET", scheme = "http", route = "/", version = "1.1";
  double v = 0.001;
  for (auto _ : state) {
    otel::Attributes a;
    otel::set_attribute(a, "http.request.method", method);
    otel::set_attribute(a, "url.scheme", scheme);
    otel::set_attribute(a, "http.route", route);
    otel::set_attribute(a, "http.response.status_code", 200);
    otel::set_attribute(a, "network.protocol.version", version);
    histogram.record(v, a);
    v = v > 1 ? 0.001 : v * 1.5;
  }
}
BENCHMARK(BM_RecordingDurationHistogramAttributes);

// The same point from a stack array of MeasurementAttribute in key order: no list built,
// no heap allocation.
void BM_RecordingDurationHistogramPoint(benchmark::State& state) {
  const auto histogram = DurationHistogram();
  const std::string method = "GET", scheme = "http", route = "/", version = "1.1";
  double v = 0.001;
  for (auto _ : state) {
    const std::array<otel::metrics::MeasurementAttribute, 5> a{
        {{"http.request.method", method},
         {"http.response.status_code", 200},
         {"http.route", route},
         {"network.protocol.version", version},
         {"url.scheme", scheme}}};
    histogram.record(v, std::span<const otel::metrics::MeasurementAttribute>(a));
    v = v > 1 ? 0.001 : v * 1.5;
  }
}
BENCHMARK(BM_RecordingDurationHistogramPoint);

}  // namespace
