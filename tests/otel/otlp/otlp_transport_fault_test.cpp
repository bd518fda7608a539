// The OTLP transport and span exporter against local fake collectors: absent, slow,
// failing then recovering, rejecting. Nothing may block the instrumented code or crash,
// and retried data must arrive exactly once.
#include <gtest/gtest.h>

#include <thread>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "otel/exporters/otlp/otlp_json.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"
#include "otel/exporters/otlp/otlp_transport.h"
#include "otel/trace/batch_span_processor.h"
#include "otel/trace/tracer_provider.h"
#include "process.h"
#include "support/fake_collector.h"

using namespace otel::exporters::otlp;
using namespace std::chrono_literals;
namespace pb = opentelemetry::proto::collector::trace::v1;

namespace {

OtlpExporterOptions fast_options(std::string endpoint,
                                 Protocol protocol = Protocol::kHttpProtobuf) {
  OtlpExporterOptions o;
  o.endpoint = std::move(endpoint);
  o.protocol = protocol;
  o.timeout = 3s;
  o.retry.initial_backoff = 50ms;
  o.retry.max_backoff = 200ms;
  return o;
}

pb::ExportTraceServiceRequest one_span_request(const std::string& name = "span") {
  pb::ExportTraceServiceRequest request;
  auto* span = request.add_resource_spans()->add_scope_spans()->add_spans();
  span->set_name(name);
  span->set_trace_id(std::string(16, '\x01'));
  span->set_span_id(std::string(8, '\x02'));
  return request;
}

}  // namespace

TEST(OtlpTransport, HttpProtobufDeliversWithHeadersAndGzip) {
  oteltest::FakeHttpCollector collector;
  auto options = fast_options(collector.url("/v1/traces"));
  options.headers = {{"x-api-key", "secret"}};
  options.compression = Compression::kGzip;
  OtlpTransport transport(options);
  const auto outcome = transport.send(one_span_request("gz"));
  EXPECT_TRUE(outcome.ok) << outcome.error;
  auto requests = collector.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/traces");
  EXPECT_EQ(requests[0].content_type, "application/x-protobuf");
  EXPECT_EQ(requests[0].content_encoding, "gzip");
  bool has_key = false;
  for (const auto& [k, v] : requests[0].headers) has_key |= (k == "x-api-key" && v == "secret");
  EXPECT_TRUE(has_key);
  // cpp-httplib (built with zlib support) may already have inflated the body.
  const auto& body = requests[0].body;
  const bool still_gzip = body.size() > 2 && body[0] == '\x1f' && body[1] == '\x8b';
  const auto unzipped = still_gzip ? oteltest::gunzip(body) : body;
  ASSERT_FALSE(unzipped.empty());
  pb::ExportTraceServiceRequest received;
  ASSERT_TRUE(received.ParseFromString(unzipped));
  ASSERT_EQ(received.resource_spans_size(), 1);
  EXPECT_EQ(received.resource_spans(0).scope_spans(0).spans(0).name(), "gz");
}

// Exports reuse one kept-alive connection (issue #20): no TCP handshake per batch.
TEST(OtlpTransport, HttpExportsReuseOneConnection) {
  oteltest::FakeHttpCollector collector;
  OtlpTransport transport(fast_options(collector.url("/v1/traces")));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(transport.send(one_span_request()).ok);
  const auto requests = collector.requests();
  ASSERT_EQ(requests.size(), 4u);
  for (const auto& request : requests) EXPECT_EQ(request.remote_port, requests[0].remote_port);
}

TEST(OtlpTransport, HttpJsonBodyIsOtlpJson) {
  oteltest::FakeHttpCollector collector;
  OtlpTransport transport(fast_options(collector.url("/v1/traces"), Protocol::kHttpJson));
  ASSERT_TRUE(transport.send(one_span_request("json")).ok);
  const auto requests = collector.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].content_type, "application/json");
  EXPECT_NE(requests[0].body.find("\"traceId\":\"01010101010101010101010101010101\""),
            std::string::npos);
  pb::ExportTraceServiceRequest decoded;
  ASSERT_TRUE(from_otlp_json(requests[0].body, decoded));
  EXPECT_EQ(decoded.resource_spans(0).scope_spans(0).spans(0).name(), "json");
}

TEST(OtlpTransport, RetriesOn503ThenSucceedsDataArrivesOnce) {
  oteltest::FakeHttpCollector collector;
  collector.script({{503, "", "", 0ms}, {503, "", "", 0ms}, {200, "", "", 0ms}});
  OtlpTransport transport(fast_options(collector.url("/v1/traces")));
  const auto outcome = transport.send(one_span_request());
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_EQ(collector.requests().size(), 3u);  // 2 refused + the one accepted copy
}

TEST(OtlpTransport, HonoursRetryAfter) {
  oteltest::FakeHttpCollector collector;
  collector.script({{429, "", "1", 0ms}});
  OtlpTransport transport(fast_options(collector.url("/v1/traces")));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(transport.send(one_span_request()).ok);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST(OtlpTransport, BadRequestIsNotRetried) {
  oteltest::FakeHttpCollector collector;
  collector.script({{400, "bad payload", "", 0ms}});
  OtlpTransport transport(fast_options(collector.url("/v1/traces")));
  const auto outcome = transport.send(one_span_request());
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.status_code, 400);
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_NE(outcome.error.find("bad payload"), std::string::npos);
  EXPECT_EQ(collector.requests().size(), 1u);
}

TEST(OtlpTransport, PartialSuccessIsSurfaced) {
  oteltest::FakeHttpCollector collector;
  pb::ExportTraceServiceResponse response;
  response.mutable_partial_success()->set_rejected_spans(2);
  response.mutable_partial_success()->set_error_message("too old");
  collector.script({{200, response.SerializeAsString(), "", 0ms}});
  OtlpTransport transport(fast_options(collector.url("/v1/traces")));
  const auto outcome = transport.send(one_span_request());
  ASSERT_TRUE(outcome.ok);
  ASSERT_TRUE(outcome.partial_success);
  EXPECT_EQ(outcome.partial_success->rejected, 2);
  EXPECT_EQ(outcome.partial_success->error_message, "too old");
}

TEST(OtlpTransport, AbsentCollectorFailsWithinTimeout) {
  const int port = testsupport::FreePort();  // nothing listens there
  auto options = fast_options("http://127.0.0.1:" + std::to_string(port) + "/v1/traces");
  options.timeout = 1s;
  OtlpTransport transport(options);
  const auto start = std::chrono::steady_clock::now();
  const auto outcome = transport.send(one_span_request());
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.status_code, -1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(OtlpTransport, SlowCollectorHitsTheDeadline) {
  oteltest::FakeHttpCollector collector;
  collector.script({{200, "", "", 3s}});
  auto options = fast_options(collector.url("/v1/traces"));
  options.timeout = 500ms;
  OtlpTransport transport(options);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(transport.send(one_span_request()).ok);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
}

TEST(OtlpTransport, GrpcDeliversWithMetadataAndRetriesUnavailable) {
  oteltest::FakeGrpcTraceCollector collector;
  collector.script({{14 /*UNAVAILABLE*/, "", "", 0ms}, {0, "", "", 0ms}});
  auto options = fast_options(collector.endpoint(), Protocol::kGrpc);
  options.headers = {{"X-Tenant", "t1"}};
  options.compression = Compression::kGzip;
  OtlpTransport transport(options);
  const auto outcome = transport.send(one_span_request("grpc"));
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.attempts, 2);
  const auto requests = collector.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].resource_spans(0).scope_spans(0).spans(0).name(), "grpc");
  bool has_tenant = false;
  for (const auto& [k, v] : collector.last_metadata()) has_tenant |= (k == "x-tenant" && v == "t1");
  EXPECT_TRUE(has_tenant);
}

TEST(OtlpTransport, GrpcInvalidArgumentIsNotRetried) {
  oteltest::FakeGrpcTraceCollector collector;
  collector.script({{3 /*INVALID_ARGUMENT*/, "", "", 0ms}});
  OtlpTransport transport(fast_options(collector.endpoint(), Protocol::kGrpc));
  const auto outcome = transport.send(one_span_request());
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.status_code, 3);
  EXPECT_EQ(collector.requests().size(), 1u);
}

TEST(OtlpSpanExporter, BatchPipelineNeverBlocksTheCallerWhenTheCollectorIsDown) {
  const int port = testsupport::FreePort();
  auto options = fast_options("http://127.0.0.1:" + std::to_string(port) + "/v1/traces");
  options.timeout = 300ms;
  otel::trace::BatchSpanProcessorOptions batch;
  batch.schedule_delay = 10ms;
  batch.max_queue_size = 64;
  auto processor = std::make_unique<otel::trace::BatchSpanProcessor>(
      std::make_unique<OtlpSpanExporter>(options), batch);
  auto* raw = processor.get();
  otel::trace::TracerProviderOptions provider_options;
  provider_options.processors.push_back(std::move(processor));
  auto provider = otel::trace::TracerProvider::create(std::move(provider_options));
  auto tracer = provider->get_tracer("fault");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5000; ++i) tracer->start_span("s")->end();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_GT(raw->dropped_spans(), 0u);
  const auto stop_start = std::chrono::steady_clock::now();
  provider->shutdown(1s);
  EXPECT_LT(std::chrono::steady_clock::now() - stop_start, 2500ms);
}

TEST(OtlpSpanExporter, EndToEndThroughTheProviderRecoversAfter503) {
  oteltest::FakeHttpCollector collector;
  collector.script({{503, "", "", 0ms}});
  otel::trace::TracerProviderOptions provider_options;
  provider_options.resource = otel::Resource(otel::Attributes{{"service.name", "e2e"}});
  provider_options.processors.push_back(std::make_unique<otel::trace::BatchSpanProcessor>(
      std::make_unique<OtlpSpanExporter>(fast_options(collector.url("/v1/traces")))));
  auto provider = otel::trace::TracerProvider::create(std::move(provider_options));
  for (int i = 0; i < 10; ++i)
    provider->get_tracer("e2e")->start_span("s" + std::to_string(i))->end();
  EXPECT_TRUE(provider->force_flush(5s));
  const auto requests = collector.requests();
  ASSERT_EQ(requests.size(), 2u);
  pb::ExportTraceServiceRequest delivered;
  ASSERT_TRUE(delivered.ParseFromString(requests[1].body));
  EXPECT_EQ(delivered.resource_spans(0).scope_spans(0).spans_size(), 10);
}

// Shutting down against a failing collector: the final export makes one attempt and
// gives up, instead of retrying with backoff until the export timeout (10 s here).
TEST(OtlpTransport, BeginShutdownStopsRetryingPromptly) {
  oteltest::FakeGrpcTraceCollector collector;
  collector.script(std::vector<oteltest::ScriptedAnswer>(50, {14 /*UNAVAILABLE*/, "", "", 0ms}));
  auto options = fast_options(collector.endpoint(), Protocol::kGrpc);
  options.timeout = 10s;
  options.retry.initial_backoff = 2s;
  options.retry.max_backoff = 2s;
  OtlpTransport transport(options);
  SendOutcome outcome;
  std::thread sender([&] { outcome = transport.send(one_span_request()); });
  ASSERT_TRUE(collector.wait_for_requests(1, 5s));
  const auto start = std::chrono::steady_clock::now();
  transport.begin_shutdown(start + 300ms);  // interrupts the 1-2 s backoff wait
  sender.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.attempts, 2) << outcome.error;  // the first, then one final attempt
  EXPECT_NE(outcome.error.find("shutting down"), std::string::npos) << outcome.error;
  EXPECT_EQ(collector.requests().size(), 2u);
}

TEST(OtlpSpanExporter, ShutdownAgainstAFailingGrpcCollectorIsBoundedAndCountsDropped) {
  oteltest::FakeGrpcTraceCollector collector;
  collector.script(std::vector<oteltest::ScriptedAnswer>(50, {14 /*UNAVAILABLE*/, "", "", 0ms}));
  auto options = fast_options(collector.endpoint(), Protocol::kGrpc);
  options.timeout = 10s;  // the default export budget
  options.retry = {};     // default backoff: 1 s, 1.5 s, ...
  auto processor = std::make_unique<otel::trace::BatchSpanProcessor>(
      std::make_unique<OtlpSpanExporter>(options));  // default 5 s schedule delay
  auto* raw = processor.get();
  otel::trace::TracerProviderOptions provider_options;
  provider_options.processors.push_back(std::move(processor));
  auto provider = otel::trace::TracerProvider::create(std::move(provider_options));
  for (int i = 0; i < 10; ++i) provider->get_tracer("stop")->start_span("s")->end();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(provider->shutdown(1500ms));  // finished, not abandoned at the timeout
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_EQ(raw->dropped_spans(), 10u);
  EXPECT_EQ(raw->exported_spans(), 0u);
  EXPECT_LE(collector.requests().size(), 2u);  // one final attempt (two if already retrying)
}

TEST(OtlpSpanExporter, ShutdownStillDeliversToAHealthyCollector) {
  oteltest::FakeGrpcTraceCollector collector;
  auto processor = std::make_unique<otel::trace::BatchSpanProcessor>(
      std::make_unique<OtlpSpanExporter>(fast_options(collector.endpoint(), Protocol::kGrpc)));
  auto* raw = processor.get();
  otel::trace::TracerProviderOptions provider_options;
  provider_options.processors.push_back(std::move(processor));
  auto provider = otel::trace::TracerProvider::create(std::move(provider_options));
  for (int i = 0; i < 10; ++i) provider->get_tracer("stop")->start_span("s")->end();
  EXPECT_TRUE(provider->shutdown(3s));
  EXPECT_EQ(raw->exported_spans(), 10u);
  EXPECT_EQ(raw->dropped_spans(), 0u);
  const auto requests = collector.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].resource_spans(0).scope_spans(0).spans_size(), 10);
}

// A collector that accepts the export and never answers in time: shutdown cancels the
// send in flight instead of leaving it to its 10 s deadline on a detached thread.
TEST(OtlpSpanExporter, ShutdownCancelsAnExportStuckOnAHangingCollector) {
  for (const Protocol protocol : {Protocol::kGrpc, Protocol::kHttpProtobuf}) {
    oteltest::FakeGrpcTraceCollector grpc_collector;
    oteltest::FakeHttpCollector http_collector;
    grpc_collector.script({{0, "", "", 3s}});
    http_collector.script({{200, "", "", 3s}});
    const bool grpc = protocol == Protocol::kGrpc;
    auto options =
        fast_options(grpc ? grpc_collector.endpoint() : http_collector.url("/v1/traces"), protocol);
    options.timeout = 10s;
    otel::trace::BatchSpanProcessorOptions batch;
    batch.schedule_delay = 20ms;  // the export starts before the shutdown
    auto processor = std::make_unique<otel::trace::BatchSpanProcessor>(
        std::make_unique<OtlpSpanExporter>(options), batch);
    auto* raw = processor.get();
    otel::trace::TracerProviderOptions provider_options;
    provider_options.processors.push_back(std::move(processor));
    auto provider = otel::trace::TracerProvider::create(std::move(provider_options));
    for (int i = 0; i < 7; ++i) provider->get_tracer("hang")->start_span("s")->end();
    ASSERT_TRUE(grpc ? grpc_collector.wait_for_requests(1, 5s)
                     : http_collector.wait_for_requests(1, 5s));
    const auto start = std::chrono::steady_clock::now();
    const bool finished = provider->shutdown(1s);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1500ms);
    // gRPC cancels at once, so the worker finished within the budget; libcurl notices at
    // its next progress call (at most about a second later), then the worker counts.
    if (grpc) {
      EXPECT_TRUE(finished);
    }
    while (raw->dropped_spans() < 7u && std::chrono::steady_clock::now() - start < 2500ms)
      std::this_thread::sleep_for(10ms);
    EXPECT_EQ(raw->dropped_spans(), 7u) << (grpc ? "grpc" : "http");
    EXPECT_EQ(raw->exported_spans(), 0u);
  }
}
