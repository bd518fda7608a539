// Interop with the official OpenTelemetry JavaScript packages (tests/package.json):
// metrics and logs exported by the JS SDK decode with our schema, and requests we
// build decode with the generated schema inside @opentelemetry/otlp-transformer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "metrics_test_util.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "otel/context/context.h"
#include "otel/exporters/otlp/otlp_json.h"
#include "otel/logs/exporters.h"
#include "otel/trace/span.h"
#include "process.h"
#include "support/fake_collector.h"
#include "support/fake_grpc_collector.h"

using namespace otel_test;
using MetricsRequest = opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest;
using LogsRequest = opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest;

namespace {

const std::string kScripts = std::string(OTEL_TESTS_INTEROP_DIR) + "/metrics_logs/";

std::string RunNode(const std::vector<std::string>& args, int* status_out) {
  testsupport::ChildProcess node("/usr/bin/node", args);
  auto status = node.Wait(std::chrono::seconds(40));
  *status_out = status.value_or(-1);
  return node.Output();
}

}  // namespace

TEST(MetricsLogsInterop, JsExportsDecodeWithOurSchema) {
  for (std::string protocol : {"grpc", "http/protobuf", "http/json"}) {
    oteltest::FakeHttpCollector collector;
    oteltest::FakeGrpcMetricsLogsCollector grpc_collector;
    const bool grpc = protocol == "grpc";
    int status = 0;
    const std::string output =
        RunNode({kScripts + "js_export_metrics_logs.mjs", protocol,
                 grpc ? grpc_collector.endpoint() : collector.url("/v1/metrics"),
                 grpc ? grpc_collector.endpoint() : collector.url("/v1/logs")},
                &status);
    ASSERT_EQ(status, 0) << output;
    MetricsRequest metrics;
    LogsRequest logs;
    bool have_metrics = false, have_logs = false;
    if (grpc) {  // gRPC already decoded them with our generated schema
      const auto metrics_requests = grpc_collector.metrics_requests();
      const auto logs_requests = grpc_collector.logs_requests();
      have_metrics = !metrics_requests.empty();
      have_logs = !logs_requests.empty();
      if (have_metrics) metrics = metrics_requests[0];
      if (have_logs) logs = logs_requests[0];
    }
    for (const auto& request : collector.requests()) {
      google::protobuf::Message* target = request.path == "/v1/metrics"
                                              ? static_cast<google::protobuf::Message*>(&metrics)
                                              : static_cast<google::protobuf::Message*>(&logs);
      bool ok = protocol == "http/json"
                    ? otel::exporters::otlp::from_otlp_json(request.body, *target)
                    : target->ParseFromString(request.body);
      ASSERT_TRUE(ok) << protocol << " " << request.path << ": " << request.body;
      (request.path == "/v1/metrics" ? have_metrics : have_logs) = true;
    }
    ASSERT_TRUE(have_metrics && have_logs) << protocol << " " << output;
    const auto* counter = FindMetric(metrics.resource_metrics(0), "js.requests");
    ASSERT_NE(counter, nullptr) << protocol;
    EXPECT_TRUE(counter->sum().is_monotonic());
    EXPECT_EQ(Value(counter->sum().data_points(0)), 5);
    EXPECT_EQ(AttributeMap(counter->sum().data_points(0)),
              (std::map<std::string, std::string>{{"response.status", "200"}}));
    const auto* histogram = FindMetric(metrics.resource_metrics(0), "js.duration");
    ASSERT_NE(histogram, nullptr);
    EXPECT_EQ(histogram->unit(), "s");
    EXPECT_EQ(histogram->histogram().data_points(0).count(), 1u);
    EXPECT_DOUBLE_EQ(histogram->histogram().data_points(0).sum(), 0.3);
    const auto& record = logs.resource_logs(0).scope_logs(0).log_records(0);
    EXPECT_EQ(logs.resource_logs(0).scope_logs(0).scope().name(), "js-logs");
    EXPECT_EQ(record.body().string_value(), "js warning");
    EXPECT_EQ(record.severity_number(), 13);
    EXPECT_EQ(record.severity_text(), "WARN");
  }
}

TEST(MetricsLogsInterop, OurRequestsDecodeWithTheJsSchema) {
  otel::metrics::MeterProviderOptions options;
  options.resource = otel::Resource(otel::Attributes{{"service.name", "cpp-peer"}});
  TestMetrics t(options);
  t.meter->create_counter<int64_t>("iss.requests").add(4, {{"response.status", 200}});
  t.meter->create_histogram<double>("http.server.request.duration", "", "s").record(0.25);
  MetricsRequest metrics;
  *metrics.add_resource_metrics() = t.Collect();

  otel::logs::LogData log;
  log.record.severity = otel::logs::Severity::kError;
  log.record.severity_text = "ERROR";
  log.record.body = otel::AttributeValue("ISS endpoint did not answer 200");
  log.record.attributes = {{"http.status", 503}};
  auto origin = std::make_shared<otel::logs::LoggerOrigin>();
  origin->scope.name = "iss-distance-service";
  origin->resource = std::make_shared<otel::Resource>(options.resource);
  log.origin = origin;
  LogsRequest logs;
  otel::logs::to_otlp_request(std::span<const otel::logs::LogData>(&log, 1), &logs);

  const auto dir =
      std::filesystem::temp_directory_path() / ("otel-interop-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "metrics.bin", std::ios::binary) << metrics.SerializeAsString();
  std::ofstream(dir / "logs.bin", std::ios::binary) << logs.SerializeAsString();
  int status = 0;
  const std::string metrics_json =
      RunNode({kScripts + "js_decode.mjs", "metrics", (dir / "metrics.bin").string()}, &status);
  ASSERT_EQ(status, 0) << metrics_json;
  const std::string logs_json =
      RunNode({kScripts + "js_decode.mjs", "logs", (dir / "logs.bin").string()}, &status);
  ASSERT_EQ(status, 0) << logs_json;
  std::filesystem::remove_all(dir);

  auto m = nlohmann::json::parse(metrics_json);
  const auto& rm = m["resourceMetrics"][0];
  EXPECT_EQ(rm["resource"]["attributes"][0]["value"]["stringValue"], "cpp-peer");
  bool counter_seen = false, histogram_seen = false;
  for (const auto& metric : rm["scopeMetrics"][0]["metrics"]) {
    if (metric["name"] == "iss.requests") {
      counter_seen = true;
      EXPECT_EQ(metric["sum"]["dataPoints"][0]["asInt"], "4");
      EXPECT_EQ(metric["sum"]["isMonotonic"], true);
      EXPECT_EQ(metric["sum"]["dataPoints"][0]["attributes"][0]["value"]["intValue"], "200");
    }
    if (metric["name"] == "http.server.request.duration") {
      histogram_seen = true;
      EXPECT_EQ(metric["histogram"]["dataPoints"][0]["count"], "1");
      EXPECT_EQ(metric["histogram"]["dataPoints"][0]["sum"], 0.25);
      EXPECT_EQ(metric["histogram"]["dataPoints"][0]["bucketCounts"].size(), 16u);
    }
  }
  EXPECT_TRUE(counter_seen && histogram_seen) << metrics_json;
  auto l = nlohmann::json::parse(logs_json);
  const auto& record = l["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0];
  EXPECT_EQ(l["resourceLogs"][0]["scopeLogs"][0]["scope"]["name"], "iss-distance-service");
  EXPECT_EQ(record["body"]["stringValue"], "ISS endpoint did not answer 200");
  EXPECT_EQ(record["severityNumber"], 17);
  EXPECT_EQ(record["attributes"][0]["value"]["intValue"], "503");
}

namespace {
std::string Base64(std::string_view bytes) {
  static const char* kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = static_cast<std::uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<std::uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<std::uint8_t>(bytes[i + 2]);
    out += kDigits[(n >> 18) & 63];
    out += kDigits[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kDigits[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kDigits[n & 63] : '=';
  }
  return out;
}
}  // namespace

// Exemplars (#18): ids, value, time and filtered attributes as the JS schema reads them.
TEST(MetricsLogsInterop, OurExemplarsDecodeWithTheJsSchema) {
  otel::metrics::MeterProviderOptions options;
  otel::metrics::View view;
  view.selector.name = "http.server.request.duration";
  view.attribute_keys = std::vector<std::string>{"http.route"};
  options.views.push_back(view);
  TestMetrics t(options);
  const auto trace_id = *otel::trace::TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
  const auto span_id = *otel::trace::SpanId::from_hex("00f067aa0ba902b7");
  {
    auto span = std::make_shared<otel::trace::Span>(
        otel::trace::SpanContext(trace_id, span_id, otel::trace::TraceFlags(1), false));
    auto scope = otel::Context::current().with_span(span).attach();
    t.meter->create_histogram<double>("http.server.request.duration", "", "s")
        .record(0.25, {{"http.route", "/"}, {"client.address", "10.0.0.1"}});
    t.meter->create_counter<int64_t>("iss.requests").add(3);
  }
  MetricsRequest metrics;
  *metrics.add_resource_metrics() = t.Collect();
  const auto dir =
      std::filesystem::temp_directory_path() / ("otel-exemplars-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "metrics.bin", std::ios::binary) << metrics.SerializeAsString();
  int status = 0;
  const std::string json =
      RunNode({kScripts + "js_decode.mjs", "metrics", (dir / "metrics.bin").string()}, &status);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(status, 0) << json;
  auto m = nlohmann::json::parse(json);
  bool histogram_seen = false, counter_seen = false;
  for (const auto& metric : m["resourceMetrics"][0]["scopeMetrics"][0]["metrics"]) {
    if (metric["name"] == "http.server.request.duration") {
      histogram_seen = true;
      const auto& e = metric["histogram"]["dataPoints"][0]["exemplars"][0];
      EXPECT_EQ(e["asDouble"], 0.25) << json;
      EXPECT_EQ(e["traceId"], Base64(trace_id.as_string_view())) << json;
      EXPECT_EQ(e["spanId"], Base64(span_id.as_string_view())) << json;
      EXPECT_NE(e["timeUnixNano"], "0") << json;
      EXPECT_EQ(e["filteredAttributes"][0]["key"], "client.address") << json;
      EXPECT_EQ(e["filteredAttributes"][0]["value"]["stringValue"], "10.0.0.1") << json;
    }
    if (metric["name"] == "iss.requests") {
      counter_seen = true;
      const auto& e = metric["sum"]["dataPoints"][0]["exemplars"][0];
      EXPECT_EQ(e["asInt"], "3") << json;
      EXPECT_EQ(e["traceId"], Base64(trace_id.as_string_view())) << json;
    }
  }
  EXPECT_TRUE(histogram_seen && counter_seen) << json;
}
