// Section 4's two lines, telemetry::instrument_server(service) and
// telemetry::instrument_client(), are what make a service take part in distributed
// traces: before them, a service with tracing set up records no HTTP spans, ignores the
// caller's traceparent and sends none; after them, its routes (declared before or after
// the call) get a SERVER span continuing the caller's trace and outgoing calls a CLIENT
// span whose context travels in the traceparent header.
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/http_client.h"
#include "common/server.h"
#include "common/telemetry.h"
#include "otel/context/context.h"
#include "otel/trace/span_processor.h"
#include "otel/trace/tracer_provider.h"
#include "process.h"

namespace {

using namespace std::chrono_literals;

constexpr const char* kCallerTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr const char* kCallerTraceparent =
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// A Service on a free loopback port, run on a thread for the test's duration.
class RunningService {
 public:
  enum class Instrument { kNo, kBeforeRoutes, kAfterRoutes };
  RunningService(const std::function<void(common::Service&)>& routes, Instrument instrument)
      : service_([] {
          common::ServerOptions options;
          options.service_name = "test-service";
          options.port = 0;
          return options;
        }()) {
    if (instrument == Instrument::kBeforeRoutes) common::telemetry::instrument_server(service_);
    routes(service_);
    if (instrument == Instrument::kAfterRoutes) common::telemetry::instrument_server(service_);
    thread_ = std::thread([this] { service_.Run(); });
    while (service_.bound_port() == 0) std::this_thread::sleep_for(1ms);
  }
  ~RunningService() {
    service_.Stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(service_.bound_port()); }

 private:
  common::Service service_;
  std::thread thread_;
};

// What one request through "upstream -> downstream" looked like.
struct Observed {
  std::string trace_id_in_handler;        // current trace id in the upstream handler
  std::string traceparent_at_downstream;  // the header the downstream received
};

// Upstream "/" calls downstream "/down"; the caller sends kCallerTraceparent.
Observed CallThroughTwoServices(RunningService::Instrument instrument) {
  Observed observed;
  std::mutex mutex;
  RunningService downstream(
      [&](common::Service& service) {
        service.Get("/down", [&](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(mutex);
          observed.traceparent_at_downstream = req.get_header_value("traceparent");
          res.set_content("ok", "text/plain");
        });
      },
      instrument);
  RunningService upstream(
      [&](common::Service& service) {
        service.Get("/", [&](const httplib::Request&, httplib::Response& res) {
          {
            std::lock_guard lock(mutex);
            const otel::trace::SpanContext& context = otel::Context::current().span_context();
            observed.trace_id_in_handler = context.is_valid() ? context.trace_id().to_hex() : "";
          }
          common::HttpRequest call;
          call.url = downstream.url() + "/down";
          call.peer_name = "downstream";
          common::HttpResult result = common::SendRequest(call);
          res.status = result.ok() ? 200 : 502;
        });
      },
      instrument);
  httplib::Client client(upstream.url());
  auto res = client.Get("/", httplib::Headers{{"traceparent", kCallerTraceparent}});
  EXPECT_TRUE(res && res->status == 200);
  std::lock_guard lock(mutex);
  return observed;
}

int CountKind(const otel::trace::SpanBatch& spans, otel::trace::SpanKind kind) {
  int count = 0;
  for (const auto& span : spans) count += span->kind == kind ? 1 : 0;
  return count;
}

// A provider that keeps every span in memory, made global.
otel::trace::InMemorySpanExporter* RecordSpansInMemory() {
  auto exporter = std::make_unique<otel::trace::InMemorySpanExporter>();
  otel::trace::InMemorySpanExporter* spans = exporter.get();
  otel::trace::set_tracer_provider(otel::trace::TracerProvider::create(
      otel::Resource::create(), otel::trace::SimpleSpanProcessor::create(std::move(exporter))));
  return spans;
}

TEST(InstrumentHttp, IsWhatMakesHttpSpansAndPropagation) {
  otel::trace::InMemorySpanExporter* spans = RecordSpansInMemory();

  // Tracing is set up, but the HTTP instrumentation is not.
  Observed before = CallThroughTwoServices(RunningService::Instrument::kNo);
  EXPECT_EQ(spans->spans().size(), 0u);
  EXPECT_EQ(before.trace_id_in_handler, "");
  EXPECT_EQ(before.traceparent_at_downstream, "");

  common::telemetry::instrument_client();
  common::telemetry::instrument_client();  // a second call changes nothing
  Observed after = CallThroughTwoServices(RunningService::Instrument::kBeforeRoutes);
  otel::trace::SpanBatch recorded = spans->spans();
  EXPECT_EQ(CountKind(recorded, otel::trace::SpanKind::kServer), 2);  // upstream, downstream
  EXPECT_EQ(CountKind(recorded, otel::trace::SpanKind::kClient), 1);
  for (const auto& span : recorded) EXPECT_EQ(span->context.trace_id().to_hex(), kCallerTraceId);
  EXPECT_EQ(after.trace_id_in_handler, kCallerTraceId);
  EXPECT_NE(after.traceparent_at_downstream.find(kCallerTraceId), std::string::npos)
      << after.traceparent_at_downstream;
}

// The order trap: a service that instruments itself after declaring its routes still
// gets its SERVER spans (the interceptor chain is put together when Run() starts).
TEST(InstrumentHttp, ServerSpansWhetherRoutesComeBeforeOrAfter) {
  otel::trace::InMemorySpanExporter* spans = RecordSpansInMemory();
  common::telemetry::instrument_client();
  Observed after = CallThroughTwoServices(RunningService::Instrument::kAfterRoutes);
  otel::trace::SpanBatch recorded = spans->spans();
  EXPECT_EQ(CountKind(recorded, otel::trace::SpanKind::kServer), 2);
  EXPECT_EQ(after.trace_id_in_handler, kCallerTraceId);
}

// A failed call's CLIENT span says what went wrong on the wire (the semantic
// conventions' error.type), here a refused connection.
TEST(InstrumentHttp, ClientSpanOfARefusedCallNamesTheCause) {
  otel::trace::InMemorySpanExporter* spans = RecordSpansInMemory();
  common::telemetry::instrument_client();

  const int port = testsupport::FreePort();  // nobody listens there
  common::HttpRequest call;
  call.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  call.peer_name = "nobody";
  common::HttpResult result = common::SendRequest(call);
  ASSERT_FALSE(result.ok());

  otel::trace::SpanBatch recorded = spans->spans();
  ASSERT_EQ(CountKind(recorded, otel::trace::SpanKind::kClient), 1);
  const auto& span = recorded.front();
  EXPECT_EQ(span->status_code, otel::trace::StatusCode::kError);
  const otel::AttributeValue* error_type = otel::find_attribute(span->attributes, "error.type");
  EXPECT_EQ(error_type ? error_type->to_string() : "(none)", "connection_failed");
}

}  // namespace
