// Wire interoperability with the official OpenTelemetry JavaScript packages (npm, pinned
// in tests/package.json): their generated OTLP schema decodes what we export over gRPC,
// HTTP/protobuf and HTTP/JSON; we decode what their exporters send; their W3C
// propagators and ours understand each other.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "otel/exporters/otlp/otlp_json.h"
#include "otel/exporters/otlp/otlp_proto_common.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"
#include "otel/propagation/text_map.h"
#include "otel/trace/tracer_provider.h"
#include "process.h"
#include "support/fake_collector.h"

using namespace std::chrono_literals;
using nlohmann::json;
namespace pb = opentelemetry::proto::collector::trace::v1;
namespace otlp = otel::exporters::otlp;

namespace {

std::string node_binary() {
  for (const char* candidate : {"/usr/bin/node", "/usr/local/bin/node"})
    if (access(candidate, X_OK) == 0) return candidate;
  return "node";
}

std::string script(const std::string& name) {
  return std::string(OTEL_TESTS_INTEROP_DIR) + "/" + name;
}

void require_node_modules() {
  ASSERT_TRUE(std::filesystem::exists(std::string(OTEL_TESTS_NODE_DIR) +
                                      "/node_modules/@opentelemetry/otlp-transformer"))
      << "run scripts/setup (npm ci in tests/) first";
}

// Runs a node script to completion and returns its stdout+stderr.
std::string run_node(const std::vector<std::string>& args, int* exit_code = nullptr) {
  testsupport::ChildProcess child(node_binary(), args);
  auto status = child.Wait(40s);
  if (exit_code) *exit_code = status.value_or(-1);
  return child.Output();
}

std::vector<json> json_lines(const std::string& output) {
  std::vector<json> out;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    auto parsed = json::parse(line, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) out.push_back(parsed);
  }
  return out;
}

otel::trace::SpanBatch make_trace() {
  auto exporter = std::make_unique<otel::trace::InMemorySpanExporter>();
  auto* memory = exporter.get();
  otel::trace::TracerProviderOptions options;
  options.resource = otel::Resource(otel::Attributes{{"service.name", "cpp-peer"}});
  options.processors.push_back(
      std::make_unique<otel::trace::SimpleSpanProcessor>(std::move(exporter)));
  auto provider = otel::trace::TracerProvider::create(std::move(options));
  auto tracer = provider->get_tracer("cpp-interop", "1.0");
  {
    auto parent = tracer->start_as_current_span("cpp-parent", otel::trace::SpanKind::kServer);
    auto child = tracer->start_span("cpp-child", otel::trace::SpanKind::kClient);
    child->set_attribute("big", int64_t{9007199254740993})
        .set_attribute("ratio", 0.25)
        .set_attribute("ok", true)
        .set_attribute("tags", std::vector<std::string>{"a", "b"});
    child->add_event("evt");
    child->set_status(otel::trace::StatusCode::kError, "bad");
    child->end();
  }
  return memory->spans();
}

}  // namespace

class JsReceivesOurExport : public ::testing::TestWithParam<otlp::Protocol> {};

TEST_P(JsReceivesOurExport, DecodesSpansIdsAndAttributes) {
  require_node_modules();
  const int http_port = testsupport::FreePort();
  const int grpc_port = testsupport::FreePort();
  testsupport::ChildProcess receiver(
      node_binary(),
      {script("otlp_receiver.mjs"), std::to_string(http_port), std::to_string(grpc_port)});
  ASSERT_TRUE(testsupport::WaitForPort(http_port, 20s)) << receiver.Output();
  ASSERT_TRUE(testsupport::WaitForPort(grpc_port, 20s)) << receiver.Output();

  otlp::OtlpExporterOptions options;
  options.protocol = GetParam();
  options.endpoint = GetParam() == otlp::Protocol::kGrpc
                         ? "http://127.0.0.1:" + std::to_string(grpc_port)
                         : "http://127.0.0.1:" + std::to_string(http_port) + "/v1/traces";
  options.compression = otlp::Compression::kGzip;
  options.timeout = 10s;
  otlp::OtlpSpanExporter exporter(options);
  const auto spans = make_trace();
  ASSERT_EQ(exporter.export_spans(spans), otel::ExportResult::kSuccess);

  std::vector<json> lines;
  for (int i = 0; i < 100 && lines.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    lines = json_lines(receiver.Output());
  }
  ASSERT_EQ(lines.size(), 1u) << receiver.Output();
  const auto& got = lines[0];
  EXPECT_EQ(got["transport"], otlp::protocol_name(GetParam()));
  EXPECT_EQ(got["resource"]["service.name"], "cpp-peer");
  EXPECT_FALSE(got["resource"].contains("telemetry.sdk.language"));  // only what we set
  ASSERT_EQ(got["spans"].size(), 2u);
  const auto& child = got["spans"][0];
  const auto& parent = got["spans"][1];
  EXPECT_EQ(child["name"], "cpp-child");
  EXPECT_EQ(child["scope"], "cpp-interop");
  EXPECT_EQ(child["traceId"], spans[0]->context.trace_id().to_hex());
  EXPECT_EQ(child["spanId"], spans[0]->context.span_id().to_hex());
  EXPECT_EQ(child["parentSpanId"], parent["spanId"]);
  EXPECT_EQ(child["kind"], 3);
  EXPECT_EQ(parent["kind"], 2);
  EXPECT_EQ(child["attributes"]["big"], "9007199254740993");
  EXPECT_EQ(child["attributes"]["ratio"], 0.25);
  EXPECT_EQ(child["attributes"]["ok"], true);
  EXPECT_EQ(child["attributes"]["tags"], json::array({"a", "b"}));
  EXPECT_EQ(child["events"], json::array({"evt"}));
  EXPECT_EQ(child["status"]["code"], 2);
  EXPECT_EQ(child["status"]["message"], "bad");
  EXPECT_EQ(child["startTimeUnixNano"], std::to_string(spans[0]->start_time_unix_nano));
}

INSTANTIATE_TEST_SUITE_P(Protocols, JsReceivesOurExport,
                         ::testing::Values(otlp::Protocol::kGrpc, otlp::Protocol::kHttpProtobuf,
                                           otlp::Protocol::kHttpJson),
                         [](const auto& param_info) {
                           return std::string(param_info.param == otlp::Protocol::kGrpc ? "Grpc"
                                              : param_info.param == otlp::Protocol::kHttpProtobuf
                                                  ? "HttpProtobuf"
                                                  : "HttpJson");
                         });

namespace {
void expect_js_trace(const pb::ExportTraceServiceRequest& request, const json& ids) {
  ASSERT_EQ(request.resource_spans_size(), 1);
  const auto& rs = request.resource_spans(0);
  const auto resource = otlp::from_proto(rs.resource().attributes());
  EXPECT_EQ(otel::find_attribute(resource, "service.name")->to_string(), "js-peer");
  std::map<std::string, const opentelemetry::proto::trace::v1::Span*> by_name;
  for (const auto& ss : rs.scope_spans()) {
    EXPECT_EQ(ss.scope().name(), "js-interop");
    for (const auto& s : ss.spans()) by_name[s.name()] = &s;
  }
  ASSERT_EQ(by_name.size(), 2u);
  const auto& parent = *by_name.at("js-parent");
  const auto& child = *by_name.at("js-child");
  auto hex = [](const std::string& raw) {
    auto id = raw.size() == 16 ? otel::trace::TraceId::from_bytes(raw)->to_hex()
                               : otel::trace::SpanId::from_bytes(raw)->to_hex();
    return id;
  };
  EXPECT_EQ(hex(parent.trace_id()), ids["traceId"]);
  EXPECT_EQ(hex(parent.span_id()), ids["parentSpanId"]);
  EXPECT_EQ(hex(child.span_id()), ids["childSpanId"]);
  EXPECT_EQ(hex(child.parent_span_id()), ids["parentSpanId"]);
  EXPECT_EQ(parent.kind(), opentelemetry::proto::trace::v1::Span::SPAN_KIND_SERVER);
  EXPECT_EQ(child.status().code(), opentelemetry::proto::trace::v1::Status::STATUS_CODE_ERROR);
  EXPECT_EQ(child.status().message(), "bad");
  ASSERT_EQ(child.events_size(), 1);
  EXPECT_EQ(child.events(0).name(), "evt");
  const auto attrs = otlp::from_proto(parent.attributes());
  EXPECT_EQ(otel::find_attribute(attrs, "http.request.method")->to_string(), "GET");
  EXPECT_EQ(*otel::find_attribute(attrs, "count")->as_int(), 3);
  EXPECT_EQ(*otel::find_attribute(attrs, "ratio")->as_double(), 0.5);
  EXPECT_EQ(*otel::find_attribute(attrs, "ok")->as_bool(), true);
  EXPECT_EQ(otel::find_attribute(attrs, "tags")->to_string(), "[\"a\", \"b\"]");
  EXPECT_GT(parent.end_time_unix_nano(), parent.start_time_unix_nano());
}
}  // namespace

TEST(WeReceiveJsExport, OverHttpProtobuf) {
  require_node_modules();
  oteltest::FakeHttpCollector collector;
  int rc = -1;
  const auto out =
      run_node({script("js_export.mjs"), "http/protobuf", collector.url("/v1/traces")}, &rc);
  ASSERT_EQ(rc, 0) << out;
  const auto requests = collector.requests();
  ASSERT_GE(requests.size(), 1u);
  EXPECT_EQ(requests[0].content_type, "application/x-protobuf");
  pb::ExportTraceServiceRequest merged;
  for (const auto& r : requests) {
    pb::ExportTraceServiceRequest one;
    ASSERT_TRUE(one.ParseFromString(r.body));
    merged.MergeFrom(one);
  }
  // SimpleSpanProcessor sends one request per span: fold them into one resource.
  pb::ExportTraceServiceRequest folded;
  auto* rs = folded.add_resource_spans();
  *rs->mutable_resource() = merged.resource_spans(0).resource();
  for (const auto& r : merged.resource_spans())
    for (const auto& ss : r.scope_spans()) *rs->add_scope_spans() = ss;
  expect_js_trace(folded, json_lines(out).at(0));
}

TEST(WeReceiveJsExport, OverHttpJson) {
  require_node_modules();
  oteltest::FakeHttpCollector collector;
  int rc = -1;
  const auto out =
      run_node({script("js_export.mjs"), "http/json", collector.url("/v1/traces")}, &rc);
  ASSERT_EQ(rc, 0) << out;
  const auto requests = collector.requests();
  ASSERT_GE(requests.size(), 1u);
  EXPECT_EQ(requests[0].content_type.rfind("application/json", 0), 0u);
  pb::ExportTraceServiceRequest folded;
  auto* rs = folded.add_resource_spans();
  for (const auto& r : requests) {
    pb::ExportTraceServiceRequest one;
    std::string error;
    ASSERT_TRUE(otlp::from_otlp_json(r.body, one, &error)) << error << "\n" << r.body;
    *rs->mutable_resource() = one.resource_spans(0).resource();
    for (const auto& ss : one.resource_spans(0).scope_spans()) *rs->add_scope_spans() = ss;
  }
  expect_js_trace(folded, json_lines(out).at(0));
}

TEST(WeReceiveJsExport, OverGrpc) {
  require_node_modules();
  oteltest::FakeGrpcTraceCollector collector;
  int rc = -1;
  const auto out = run_node({script("js_export.mjs"), "grpc", collector.endpoint()}, &rc);
  ASSERT_EQ(rc, 0) << out;
  pb::ExportTraceServiceRequest folded;
  auto* rs = folded.add_resource_spans();
  for (const auto& one : collector.requests()) {
    *rs->mutable_resource() = one.resource_spans(0).resource();
    for (const auto& ss : one.resource_spans(0).scope_spans()) *rs->add_scope_spans() = ss;
  }
  expect_js_trace(folded, json_lines(out).at(0));
}

TEST(W3CInterop, JsParsesOurTraceparentTracestateAndBaggage) {
  require_node_modules();
  auto sc = otel::trace::SpanContext(otel::trace::TraceId{{0xaa, 1, 2, 3}},
                                     otel::trace::SpanId{{0xbb, 4}}, otel::trace::TraceFlags(1),
                                     false, *otel::trace::TraceState::parse("ours=1,vendor@sys=x"));
  auto ctx = otel::Context()
                 .with_span(std::make_shared<otel::trace::Span>(sc))
                 .with_baggage(otel::Baggage().set("user", "alice smith").set("id", "42"));
  std::map<std::string, std::string> headers;
  otel::propagation::HeaderCarrier carrier(headers);
  otel::propagation::propagator_from_names({"tracecontext", "baggage"})->inject(ctx, carrier);
  int rc = -1;
  const auto out = run_node({script("js_w3c.mjs"), "extract", headers["traceparent"],
                             headers["tracestate"], headers["baggage"]},
                            &rc);
  ASSERT_EQ(rc, 0) << out;
  const auto got = json_lines(out).at(0);
  EXPECT_EQ(got["valid"], true);
  EXPECT_EQ(got["traceId"], sc.trace_id().to_hex());
  EXPECT_EQ(got["spanId"], sc.span_id().to_hex());
  EXPECT_EQ(got["traceFlags"], 1);
  EXPECT_EQ(got["traceState"], "ours=1,vendor@sys=x");
  EXPECT_EQ(got["baggage"]["user"], "alice smith");
  EXPECT_EQ(got["baggage"]["id"], "42");
}

TEST(W3CInterop, WeParseWhatJsInjects) {
  require_node_modules();
  int rc = -1;
  const auto out = run_node({script("js_w3c.mjs"), "inject"}, &rc);
  ASSERT_EQ(rc, 0) << out;
  const auto got = json_lines(out).at(0);
  std::map<std::string, std::string> headers;
  for (auto& [k, v] : got["headers"].items()) headers[k] = v.get<std::string>();
  otel::propagation::HeaderCarrier carrier(headers);
  const auto ctx = otel::propagation::propagator_from_names({"tracecontext", "baggage"})
                       ->extract(carrier, otel::Context());
  ASSERT_TRUE(ctx.span_context().is_valid());
  EXPECT_EQ(ctx.span_context().trace_id().to_hex(), got["traceId"]);
  EXPECT_EQ(ctx.span_context().span_id().to_hex(), got["spanId"]);
  EXPECT_TRUE(ctx.span_context().is_sampled());
  EXPECT_TRUE(ctx.span_context().is_remote());
  EXPECT_EQ(*ctx.baggage().get("user"), "alice smith");
}

TEST(W3CInterop, BothRejectTheSameMalformedTraceparents) {
  require_node_modules();
  for (const char* bad : {"00-00000000000000000000000000000000-b7ad6b7169203331-01",
                          "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
                          "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                          "00-0af7651916cd43dd8448eb211c80319c-b7ad6b716920333-01", "garbage"}) {
    EXPECT_FALSE(otel::propagation::TraceContextPropagator::parse(bad)) << bad;
    int rc = -1;
    const auto out = run_node({script("js_w3c.mjs"), "extract", bad, "", ""}, &rc);
    ASSERT_EQ(rc, 0) << out;
    EXPECT_EQ(json_lines(out).at(0)["valid"], false) << bad;
  }
}
