#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "otel/exporters/otlp/otlp_json.h"
#include "otel/exporters/otlp/otlp_proto_common.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"
#include "otel/trace/tracer_provider.h"

using namespace otel;
using namespace otel::exporters::otlp;
namespace pbtrace = opentelemetry::proto::collector::trace::v1;

namespace {
trace::SpanBatch make_spans() {
  auto exporter = std::make_unique<trace::InMemorySpanExporter>();
  auto* mem = exporter.get();
  trace::TracerProviderOptions options;
  options.resource = Resource(otel::Attributes{{"service.name", "svc"}});
  options.processors.push_back(std::make_unique<trace::SimpleSpanProcessor>(std::move(exporter)));
  auto provider = trace::TracerProvider::create(std::move(options));
  {
    auto parent = provider->get_tracer("scope-a", "1")
                      ->start_as_current_span("parent", trace::SpanKind::kServer);
    auto child = provider->get_tracer("scope-b")->start_span("child");
    child->set_attribute("big", int64_t{9007199254740993})
        .set_attribute("list", std::vector<int64_t>{1, 2});
    child->add_event("evt", {{"k", "v"}});
    child->set_status(trace::StatusCode::kError, "bad");
    child->end();
  }
  return mem->spans();
}
}  // namespace

TEST(OtlpEncoding, GroupsByResourceAndScope) {
  pbtrace::ExportTraceServiceRequest request;
  encode_spans(make_spans(), &request);
  ASSERT_EQ(request.resource_spans_size(), 1);
  const auto& rs = request.resource_spans(0);
  EXPECT_EQ(rs.resource().attributes(0).key(), "service.name");
  ASSERT_EQ(rs.scope_spans_size(), 2);
  const auto& child = rs.scope_spans(0).spans(0);
  EXPECT_EQ(rs.scope_spans(0).scope().name(), "scope-b");
  EXPECT_EQ(child.name(), "child");
  EXPECT_EQ(child.trace_id().size(), 16u);
  EXPECT_EQ(child.span_id().size(), 8u);
  EXPECT_EQ(child.parent_span_id(), rs.scope_spans(1).spans(0).span_id());
  EXPECT_EQ(child.flags(), 0x101u);  // sampled, parent known to be local
  EXPECT_EQ(child.status().code(), opentelemetry::proto::trace::v1::Status::STATUS_CODE_ERROR);
  EXPECT_EQ(rs.scope_spans(1).spans(0).kind(),
            opentelemetry::proto::trace::v1::Span::SPAN_KIND_SERVER);
}

TEST(OtlpJson, HexIdsIntEnumsCamelCaseAndStringInt64) {
  pbtrace::ExportTraceServiceRequest request;
  encode_spans(make_spans(), &request);
  const auto json = nlohmann::json::parse(to_otlp_json(request));
  const auto& span = json["resourceSpans"][0]["scopeSpans"][0]["spans"][0];
  const auto& parent = json["resourceSpans"][0]["scopeSpans"][1]["spans"][0];
  EXPECT_EQ(span["traceId"].get<std::string>().size(), 32u);
  EXPECT_EQ(span["spanId"].get<std::string>().size(), 16u);
  EXPECT_EQ(span["parentSpanId"], parent["spanId"]);
  EXPECT_EQ(span["traceId"], parent["traceId"]);
  EXPECT_EQ(span["status"]["code"], 2);
  EXPECT_EQ(parent["kind"], 2);
  EXPECT_TRUE(span["startTimeUnixNano"].is_string());
  EXPECT_EQ(span["attributes"][0]["value"]["intValue"], "9007199254740993");
}

TEST(OtlpJson, RoundTripIsLossless) {
  pbtrace::ExportTraceServiceRequest request;
  encode_spans(make_spans(), &request);
  pbtrace::ExportTraceServiceRequest decoded;
  std::string error;
  ASSERT_TRUE(from_otlp_json(to_otlp_json(request), decoded, &error)) << error;
  EXPECT_EQ(decoded.SerializeAsString(), request.SerializeAsString());
}

TEST(OtlpJson, DecodesSnakeCaseEnumNamesAndNumbersAndIgnoresUnknownFields) {
  const std::string json = R"({"resource_spans":[{"scope_spans":[{"spans":[{
      "trace_id":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174",
      "name":"x","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":1544712660000000000,
      "endTimeUnixNano":"1544712661000000000","unknownField":{"a":1},
      "attributes":[{"key":"n","value":{"intValue":5}}]}]}]}]})";
  pbtrace::ExportTraceServiceRequest decoded;
  std::string error;
  ASSERT_TRUE(from_otlp_json(json, decoded, &error)) << error;
  const auto& span = decoded.resource_spans(0).scope_spans(0).spans(0);
  EXPECT_EQ(trace::TraceId::from_bytes(span.trace_id())->to_hex(),
            "5b8efff798038103d269b633813fc60c");
  EXPECT_EQ(span.kind(), opentelemetry::proto::trace::v1::Span::SPAN_KIND_CLIENT);
  EXPECT_EQ(span.start_time_unix_nano(), 1544712660000000000u);
  EXPECT_EQ(span.end_time_unix_nano(), 1544712661000000000u);
  EXPECT_EQ(span.attributes(0).value().int_value(), 5);
}

TEST(OtlpJson, RejectsMalformedInputAndLeavesOutputEmpty) {
  pbtrace::ExportTraceServiceRequest decoded;
  std::string error;
  for (const char* bad : {"", "not json", "[1,2]",
                          R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz"}]}]}]})",
                          R"({"resourceSpans":"oops"})"}) {
    EXPECT_FALSE(from_otlp_json(bad, decoded, &error)) << bad;
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(decoded.resource_spans_size(), 0);
  }
}

// Issue #19: 100,000 levels overflowed the stack of the recursive id walk.
TEST(OtlpJson, RefusesDeepNestingWithoutRecursing) {
  pbtrace::ExportTraceServiceRequest decoded;
  std::string error;
  for (const std::string& deep :
       {R"({"resourceSpans":)" + std::string(100'000, '[') + std::string(100'000, ']') + "}",
        R"({"a":)" + std::string(101, '[') + std::string(101, ']') + "}"}) {
    EXPECT_FALSE(from_otlp_json(deep, decoded, &error));
    EXPECT_EQ(error, "JSON nested deeper than 100 levels");
  }
  // Brackets inside strings (escaped quotes too) do not count; 100 levels still parse.
  const std::string brackets = R"({"resourceSpans":[],"x":"\"[[[[)" + std::string(200, '[') + "\"}";
  EXPECT_TRUE(from_otlp_json(brackets, decoded, &error)) << error;
  const std::string hundred = R"({"x":)" + std::string(99, '[') + std::string(99, ']') + "}";
  EXPECT_TRUE(from_otlp_json(hundred, decoded, &error)) << error;
}

TEST(OtlpJson, LogRecordIdsToo) {
  opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest logs;
  auto* record = logs.add_resource_logs()->add_scope_logs()->add_log_records();
  record->set_trace_id(std::string(16, '\x11'));
  record->set_span_id(std::string(8, '\x22'));
  record->mutable_body()->set_bytes_value("\x01\x02");
  const auto json = nlohmann::json::parse(to_otlp_json(logs));
  const auto& r = json["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0];
  EXPECT_EQ(r["traceId"], "11111111111111111111111111111111");
  EXPECT_EQ(r["spanId"], "2222222222222222");
  EXPECT_EQ(r["body"]["bytesValue"], "AQI=");  // other bytes stay base64
}

TEST(OtlpProtoCommon, AnyValueRoundTrip) {
  AttributeValue value(KeyValueList{{"s", "x"},
                                    {"arr", std::vector<double>{1.5, 2}},
                                    {"b", Bytes{1, 2, 3}},
                                    {"nested", KeyValueList{{"t", true}}}});
  pb_common::AnyValue proto;
  to_proto(value, &proto);
  EXPECT_EQ(from_proto(proto), value);
}
