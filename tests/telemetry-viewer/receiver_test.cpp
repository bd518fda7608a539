// The receivers over OTLP/gRPC, OTLP/HTTP protobuf, OTLP/HTTP JSON and gzip, with
// the JSON API as the witness. Bad or oversized requests must change nothing.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <otel/exporters/otlp/otlp_json.h>
#include <zlib.h>

#include <future>
#include <nlohmann/json.hpp>

#include "app.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"
#include "otlp_fixtures.h"
#include "process.h"

namespace viewer {
namespace {
namespace trace_v1 = opentelemetry::proto::collector::trace::v1;
namespace logs_v1 = opentelemetry::proto::collector::logs::v1;
namespace metrics_v1 = opentelemetry::proto::collector::metrics::v1;
using nlohmann::json;

std::string Gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

class ReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.port = testsupport::FreePort();
    config_.otlp_grpc_port = testsupport::FreePort();
    config_.otlp_http_port = testsupport::FreePort();
    config_.max_request_bytes = 64 * 1024;
    app_ = std::make_unique<ViewerApp>(config_);
    std::string error;
    ASSERT_TRUE(app_->Start(&error)) << error;
    ASSERT_TRUE(testsupport::WaitForPort(config_.port));
    ASSERT_TRUE(testsupport::WaitForPort(config_.otlp_http_port));
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(config_.otlp_grpc_port),
                                   grpc::InsecureChannelCredentials());
  }
  void TearDown() override { app_->Stop(); }

  json Api(const std::string& path, int expected_status = 200) {
    httplib::Client client("127.0.0.1", config_.port);
    auto res = client.Get(path.c_str());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
    return json::parse(res->body, nullptr, false);
  }
  httplib::Result Post(const std::string& path, const std::string& body, const std::string& type,
                       bool gzip = false) {
    httplib::Client client("127.0.0.1", config_.otlp_http_port);
    httplib::Headers headers;
    if (gzip) headers.emplace("Content-Encoding", "gzip");
    return client.Post(path.c_str(), headers, gzip ? Gzip(body) : body, type.c_str());
  }
  size_t SpanCount() { return Api("/api/stats")["spans"].get<size_t>(); }

  Config config_;
  std::unique_ptr<ViewerApp> app_;
  std::shared_ptr<grpc::Channel> channel_;
  std::mt19937_64 rng_{1};
};

TEST_F(ReceiverTest, GrpcTracesLogsAndMetricsReachTheApi) {
  auto trace =
      viewer_fixtures::MakeWorkshopTrace(rng_, viewer_fixtures::NowUnixNano(), "Paris", true);
  {
    grpc::ClientContext context;
    trace_v1::ExportTraceServiceResponse response;
    auto status =
        trace_v1::TraceService::NewStub(channel_)->Export(&context, trace.traces, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_FALSE(response.has_partial_success());
  }
  {
    grpc::ClientContext context;
    logs_v1::ExportLogsServiceResponse response;
    ASSERT_TRUE(
        logs_v1::LogsService::NewStub(channel_)->Export(&context, trace.logs, &response).ok());
  }
  {
    grpc::ClientContext context;
    context.set_compression_algorithm(GRPC_COMPRESS_GZIP);
    metrics_v1::ExportMetricsServiceResponse response;
    auto request = viewer_fixtures::MakeWorkshopMetrics(viewer_fixtures::NowUnixNano(), 1, 10, 2);
    ASSERT_TRUE(
        metrics_v1::MetricsService::NewStub(channel_)->Export(&context, request, &response).ok());
  }
  const std::string id = viewer_fixtures::Hex(trace.trace_id);
  json traces = Api("/api/traces?service=gateway");
  ASSERT_EQ(traces["traces"].size(), 1u);
  EXPECT_EQ(traces["traces"][0]["traceId"], id);
  EXPECT_EQ(traces["traces"][0]["rootService"], "frontend");
  EXPECT_EQ(traces["traces"][0]["error"], true);
  json full = Api("/api/traces/" + id);
  EXPECT_EQ(full["spans"].size(), 10u);
  json logs = Api("/api/logs?traceId=" + id + "&severity=ERROR");
  ASSERT_EQ(logs["logs"].size(), 1u);
  EXPECT_EQ(logs["logs"][0]["body"], "ISS endpoint answered 503 <not 200>");
  EXPECT_EQ(Api("/api/services")["services"].size(), 4u);
  json metric = Api("/api/metrics/iss.requests");
  EXPECT_EQ(metric["series"].size(), 2u);

  httplib::Client client("127.0.0.1", config_.port);
  auto prometheus = client.Get("/metrics");
  ASSERT_TRUE(prometheus);
  EXPECT_NE(prometheus->body.find("iss_requests_total{"), std::string::npos) << prometheus->body;
  EXPECT_NE(prometheus->body.find("response_status=\"503\""), std::string::npos);
  EXPECT_NE(prometheus->body.find("job=\"iss-distance-service\""), std::string::npos);
}

// The gRPC services take raw bytes and decode them like HTTP bodies: gzip, a
// message in many slices, partial success, a body the direct decoder leaves to
// protobuf, and garbage (INVALID_ARGUMENT, nothing stored).
TEST_F(ReceiverTest, GrpcTracesGzipPartialSuccessAndGarbage) {
  auto stub = trace_v1::TraceService::NewStub(channel_);
  {  // ~40 KB (several HTTP/2 frames), gzip-compressed on the wire
    auto batch =
        viewer_fixtures::MakeHttpSpanBatch(rng_, 100, "gateway", viewer_fixtures::NowUnixNano());
    ASSERT_GT(batch.ByteSizeLong(), 32'000u);
    grpc::ClientContext context;
    context.set_compression_algorithm(GRPC_COMPRESS_GZIP);
    trace_v1::ExportTraceServiceResponse response;
    ASSERT_TRUE(stub->Export(&context, batch, &response).ok());
    EXPECT_FALSE(response.has_partial_success());
    EXPECT_EQ(SpanCount(), 100u);
    json trace =
        Api("/api/traces/" +
            viewer_fixtures::Hex(batch.resource_spans(0).scope_spans(0).spans(0).trace_id()));
    ASSERT_EQ(trace["spans"].size(), 8u);
    EXPECT_EQ(trace["spans"][0]["attributes"].size(), 12u);
    EXPECT_EQ(trace["spans"][0]["attributes"]["server.port"], 5001);
    EXPECT_EQ(trace["spans"][0]["resource"]["service.name"], "gateway");
  }
  {  // one span with a bad id, one with an array attribute (the protobuf path)
    auto request = viewer_fixtures::MakeSpanBatch(rng_, 2, "frontend", 1);
    auto* spans = request.mutable_resource_spans(0)->mutable_scope_spans(0);
    spans->mutable_spans(0)->set_span_id("short");
    auto* array = spans->mutable_spans(1)->add_attributes();
    array->set_key("list");
    array->mutable_value()->mutable_array_value()->add_values()->set_int_value(7);
    grpc::ClientContext context;
    trace_v1::ExportTraceServiceResponse response;
    ASSERT_TRUE(stub->Export(&context, request, &response).ok());
    EXPECT_EQ(response.partial_success().rejected_spans(), 1);
    EXPECT_NE(response.partial_success().error_message().find("span id"), std::string::npos);
    EXPECT_EQ(SpanCount(), 101u);
    json stored = Api("/api/traces/" + viewer_fixtures::Hex(spans->spans(1).trace_id()));
    ASSERT_EQ(stored["spans"].size(), 1u);
    EXPECT_EQ(stored["spans"][0]["attributes"]["list"], json::array({7}));
  }
  // Garbage to every service: INVALID_ARGUMENT, nothing stored.
  grpc::GenericStub generic(channel_);
  for (const char* method : {"/opentelemetry.proto.collector.trace.v1.TraceService/Export",
                             "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
                             "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export"}) {
    const std::string garbage("\xff\xff\xff\xff garbage", 13);
    grpc::Slice slice(garbage);
    grpc::ByteBuffer request(&slice, 1), response;
    grpc::ClientContext context;
    std::promise<grpc::Status> done;
    generic.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                      [&done](grpc::Status status) { done.set_value(status); });
    const grpc::Status status = done.get_future().get();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << method;
  }
  json stats = Api("/api/stats");
  EXPECT_EQ(stats["spans"], 101);
  EXPECT_EQ(stats["logs"], 0);
  EXPECT_EQ(stats["metricPoints"], 0);
}

TEST_F(ReceiverTest, HttpProtobufAndPartialSuccess) {
  auto trace =
      viewer_fixtures::MakeWorkshopTrace(rng_, viewer_fixtures::NowUnixNano(), "Oslo", false);
  // One more span with a 3-byte trace id: rejected, the rest kept.
  auto* bad = trace.traces.mutable_resource_spans(0)->mutable_scope_spans(0)->add_spans();
  bad->set_trace_id("abc");
  bad->set_span_id("12345678");
  auto res = Post("/v1/traces", trace.traces.SerializeAsString(), "application/x-protobuf");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/x-protobuf");
  trace_v1::ExportTraceServiceResponse response;
  ASSERT_TRUE(response.ParseFromString(res->body));
  EXPECT_EQ(response.partial_success().rejected_spans(), 1);
  EXPECT_FALSE(response.partial_success().error_message().empty());
  EXPECT_EQ(SpanCount(), 10u);
}

TEST_F(ReceiverTest, HttpJsonGzipped) {
  auto trace =
      viewer_fixtures::MakeWorkshopTrace(rng_, viewer_fixtures::NowUnixNano(), "Lima", false);
  const std::string body = otel::exporters::otlp::to_otlp_json(trace.traces);
  ASSERT_NE(body.find(viewer_fixtures::Hex(trace.trace_id)), std::string::npos);  // hex ids
  auto res = Post("/v1/traces", body, "application/json", /*gzip=*/true);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_TRUE(json::parse(res->body, nullptr, false).is_object());
  json full = Api("/api/traces/" + viewer_fixtures::Hex(trace.trace_id));
  EXPECT_EQ(full["spans"].size(), 10u);

  res = Post("/v1/logs", otel::exporters::otlp::to_otlp_json(trace.logs), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(Api("/api/logs?q=received")["logs"].size(), 1u);
}

TEST_F(ReceiverTest, GarbageChangesNothing) {
  for (const auto& [type, body] : std::vector<std::pair<std::string, std::string>>{
           {"application/x-protobuf", std::string("\xff\xff\xff\xff garbage", 13)},
           {"application/json", "{\"resourceSpans\": [{\"scopeSpans\": 7}]}"},
           {"application/json", "not json at all"}}) {
    auto res = Post("/v1/traces", body, type);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << type << " " << body;
  }
  auto res = Post("/v1/traces", "definitely not protobuf", "application/x-protobuf");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  // A gzip header announcing compressed data that is not.
  httplib::Client client("127.0.0.1", config_.otlp_http_port);
  auto bad_gzip = client.Post("/v1/traces", {{"Content-Encoding", "gzip"}}, "definitely not gzip",
                              "application/x-protobuf");
  ASSERT_TRUE(bad_gzip);
  EXPECT_GE(bad_gzip->status, 400);
  auto wrong_type = Post("/v1/traces", "{}", "text/plain");
  ASSERT_TRUE(wrong_type);
  EXPECT_EQ(wrong_type->status, 415);
  EXPECT_EQ(SpanCount(), 0u);
  EXPECT_EQ(Api("/api/stats")["logs"], 0);
}

TEST_F(ReceiverTest, OversizedRequestsAreRefusedAndChangeNothing) {
  std::mt19937_64 rng(3);
  auto big = viewer_fixtures::MakeSpanBatch(rng, 2000, "gateway", viewer_fixtures::NowUnixNano());
  const std::string body = big.SerializeAsString();
  ASSERT_GT(body.size(), config_.max_request_bytes);
  auto res = Post("/v1/traces", body, "application/x-protobuf");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  // Compressed it is small, but it inflates past the limit: refused too.
  const std::string compressed = Gzip(body);
  ASSERT_LT(compressed.size(), config_.max_request_bytes);
  res = Post("/v1/traces", body, "application/x-protobuf", /*gzip=*/true);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);

  grpc::ClientContext context;
  trace_v1::ExportTraceServiceResponse response;
  auto status = trace_v1::TraceService::NewStub(channel_)->Export(&context, big, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(SpanCount(), 0u);
}

TEST_F(ReceiverTest, ApiAnswersBadParametersAndUnknownIds) {
  EXPECT_EQ(Api("/api/traces/0123456789abcdef0123456789abcdef", 404)["error"].is_string(), true);
  EXPECT_TRUE(Api("/api/traces/xyz", 400)["error"].is_string());
  EXPECT_TRUE(Api("/api/traces?limit=many", 400)["error"].is_string());
  EXPECT_TRUE(Api("/api/logs?severity=LOUD", 400)["error"].is_string());
  EXPECT_TRUE(Api("/api/metrics/nothing", 404)["error"].is_string());
  // The UI's own paths serve the page; no write endpoint exists on the UI port.
  httplib::Client client("127.0.0.1", config_.port);
  auto page = client.Get("/trace/0123456789abcdef0123456789abcdef");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<script src=\"/assets/app.js\""), std::string::npos);
  auto post = client.Post("/api/traces", "{}", "application/json");
  ASSERT_TRUE(post);
  EXPECT_GE(post->status, 400);
}

}  // namespace
}  // namespace viewer
