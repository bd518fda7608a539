// A real cpp-httplib server on a free loopback port with the instrumentation, an
// in-memory span exporter and a manual metric reader, for the instrumentation tests.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "opentelemetry/proto/metrics/v1/metrics.pb.h"
#include "otel/exporters/otlp/otlp_proto_common.h"
#include "otel/instrumentation/httplib.h"
#include "otel/metrics/meter_provider.h"
#include "otel/metrics/metric_reader.h"
#include "otel/propagation/text_map.h"
#include "otel/trace/span_processor.h"
#include "otel/trace/tracer_provider.h"

namespace instr_test {

namespace pbm = opentelemetry::proto::metrics::v1;
namespace ih = otel::instrumentation::httplib;
using SpanPtr = std::shared_ptr<const otel::trace::SpanData>;

// The SDK pieces a test inspects: spans end up in `exporter`, metric points in `reader`.
struct TestTelemetry {
  TestTelemetry() {
    auto memory = std::make_unique<otel::trace::InMemorySpanExporter>();
    exporter = memory.get();
    otel::trace::TracerProviderOptions options;
    options.processors.push_back(
        std::make_unique<otel::trace::SimpleSpanProcessor>(std::move(memory)));
    tracer_provider = otel::trace::TracerProvider::create(std::move(options));
    meter_provider = std::make_shared<otel::metrics::MeterProvider>();
    reader = std::make_shared<otel::metrics::ManualReader>();
    meter_provider->add_reader(reader);
    otel::propagation::set_global_propagator(
        otel::propagation::propagator_from_names({"tracecontext", "baggage"}));
  }
  ih::Providers providers() const { return {tracer_provider, meter_provider}; }

  std::vector<SpanPtr> spans() const { return exporter->spans(); }
  // Spans are exported as they end; the server's may end after the client gave up.
  std::vector<SpanPtr> wait_for_spans(
      std::size_t count, std::chrono::milliseconds limit = std::chrono::seconds(5)) const {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (exporter->spans().size() < count && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return exporter->spans();
  }
  SpanPtr only(otel::trace::SpanKind kind) const {
    SpanPtr found;
    for (const auto& span : spans()) {
      if (span->kind != kind) continue;
      if (found) return nullptr;  // more than one: the caller's expectation fails
      found = span;
    }
    return found;
  }
  pbm::ResourceMetrics collect() const {
    pbm::ResourceMetrics out;
    reader->collect(out);
    return out;
  }

  otel::trace::InMemorySpanExporter* exporter = nullptr;
  std::shared_ptr<otel::trace::TracerProvider> tracer_provider;
  std::shared_ptr<otel::metrics::MeterProvider> meter_provider;
  std::shared_ptr<otel::metrics::ManualReader> reader;
};

// An httplib::Server listening on 127.0.0.1:<free port> in a background thread.
class TestServer {
 public:
  explicit TestServer(std::size_t threads = 4) {
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  }
  ~TestServer() { stop(); }
  void start() {
    port = server.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] {
      server.listen_after_bind();
      listening_done = true;
    });
    // bind_to_any_port() already listens: connections queue until the loop runs.
  }
  void stop() {
    if (!thread.joinable()) return;
    // A stop() that lands before the accept loop started is lost: repeat it.
    while (!listening_done) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }

  httplib::Server server;
  int port = 0;

 private:
  std::thread thread;
  std::atomic<bool> listening_done{false};
};

inline std::string attr(const SpanPtr& span, std::string_view key) {
  const otel::AttributeValue* value = otel::find_attribute(span->attributes, key);
  return value ? value->to_string() : "<absent>";
}

inline const pbm::Metric* find_metric(const pbm::ResourceMetrics& rm, const std::string& name) {
  for (const auto& scope : rm.scope_metrics())
    for (const auto& metric : scope.metrics())
      if (metric.name() == name) return &metric;
  return nullptr;
}

inline std::map<std::string, std::string> point_attributes(const pbm::HistogramDataPoint& point) {
  std::map<std::string, std::string> out;
  for (const auto& kv : point.attributes())
    out[kv.key()] = otel::exporters::otlp::from_proto(kv.value()).to_string();
  return out;
}

}  // namespace instr_test
