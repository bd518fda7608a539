// Our OTLP metric and log exporters against a receiver built from the official JS
// packages (interop/metrics_logs/otlp_metrics_logs_receiver.mjs: the protobufjs schema
// of @opentelemetry/otlp-transformer and @grpc/grpc-js), over OTLP/gRPC, HTTP protobuf
// and HTTP JSON: what we send is what they decode.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "metrics_test_util.h"
#include "otel/exporters/otlp/otlp_options.h"
#include "otel/logs/exporters.h"
#include "otel/metrics/otlp_metric_exporter.h"
#include "process.h"

using namespace otel_test;
using namespace std::chrono_literals;
namespace otlp = otel::exporters::otlp;
using json = nlohmann::json;

namespace {

std::vector<json> JsonLines(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.front() == '{') {
      auto parsed = json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_discarded()) out.push_back(std::move(parsed));
    }
  }
  return out;
}

// Waits until the receiver printed `n` lines for `signal`.
std::vector<json> WaitForLines(testsupport::ChildProcess& receiver, const std::string& signal,
                               size_t n) {
  std::vector<json> lines;
  for (int i = 0; i < 200; ++i) {
    lines.clear();
    for (auto& line : JsonLines(receiver.Output())) {
      if (line.value("signal", "") == signal || line.contains("error")) lines.push_back(line);
    }
    if (lines.size() >= n) break;
    std::this_thread::sleep_for(50ms);
  }
  return lines;
}

otlp::OtlpExporterOptions OptionsFor(otlp::Signal signal, otlp::Protocol protocol, int http_port,
                                     int grpc_port) {
  otlp::OtlpExporterOptions options;
  options.signal = signal;
  options.protocol = protocol;
  const int port = protocol == otlp::Protocol::kGrpc ? grpc_port : http_port;
  options.endpoint = otlp::OtlpExporterOptions::endpoint_from_base(
      "http://127.0.0.1:" + std::to_string(port), signal, protocol);
  options.compression = otlp::Compression::kGzip;
  options.timeout = 10s;
  return options;
}

class MetricsLogsToJsReceiver : public testing::TestWithParam<otlp::Protocol> {};

}  // namespace

TEST_P(MetricsLogsToJsReceiver, MetricsAndLogsDecodeWithTheJsSchema) {
  const int http_port = testsupport::FreePort();
  const int grpc_port = testsupport::FreePort();
  testsupport::ChildProcess receiver(
      "/usr/bin/node",
      {std::string(OTEL_TESTS_INTEROP_DIR) + "/metrics_logs/otlp_metrics_logs_receiver.mjs",
       std::to_string(http_port), std::to_string(grpc_port)});
  ASSERT_TRUE(testsupport::WaitForPort(http_port, 20s)) << receiver.Output();
  ASSERT_TRUE(testsupport::WaitForPort(grpc_port, 20s)) << receiver.Output();

  // Metrics: a counter with an attribute, an up-down counter, a histogram, as cumulative.
  otel::metrics::MeterProviderOptions provider_options;
  provider_options.resource = otel::Resource(otel::Attributes{{"service.name", "cpp-peer"}});
  TestMetrics t(provider_options);
  t.meter->create_counter<int64_t>("iss.requests").add(4, {{"response.status", 200}});
  t.meter->create_up_down_counter<int64_t>("queue.depth").add(-2);
  t.meter->create_histogram<double>("http.server.request.duration", "", "s").record(0.25);
  otel::metrics::OtlpMetricExporter metric_exporter(
      OptionsFor(otlp::Signal::kMetrics, GetParam(), http_port, grpc_port),
      otel::metrics::TemporalityPreference::kCumulative);
  ASSERT_EQ(metric_exporter.export_metrics(t.Collect()), otel::ExportResult::kSuccess);

  // Logs: a record with a trace context, a map body and an attribute.
  otel::logs::LogData log;
  log.record.timestamp_ns = 1'700'000'000'123'456'789ULL;
  log.record.severity = otel::logs::Severity::kError;
  log.record.severity_text = "ERROR";
  log.record.body = otel::AttributeValue(otel::KeyValueList{{"event", "iss.unreachable"}});
  log.record.attributes = {{"http.status", 503}};
  log.record.trace_id = otel::trace::TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").value();
  log.record.span_id = otel::trace::SpanId::from_hex("00f067aa0ba902b7").value();
  auto origin = std::make_shared<otel::logs::LoggerOrigin>();
  origin->scope.name = "iss-distance-service";
  origin->resource = std::make_shared<otel::Resource>(provider_options.resource);
  log.origin = origin;
  otel::logs::OtlpLogExporter log_exporter(
      OptionsFor(otlp::Signal::kLogs, GetParam(), http_port, grpc_port));
  ASSERT_EQ(log_exporter.export_logs(std::span<const otel::logs::LogData>(&log, 1)),
            otel::ExportResult::kSuccess);

  const auto metric_lines = WaitForLines(receiver, "metrics", 1);
  ASSERT_EQ(metric_lines.size(), 1u) << receiver.Output();
  const json& m = metric_lines[0];
  EXPECT_EQ(m["transport"], otlp::protocol_name(GetParam()));
  EXPECT_EQ(m["resource"]["service.name"], "cpp-peer");
  std::map<std::string, json> by_name;
  for (const auto& metric : m["metrics"]) by_name[metric["name"]] = metric;
  ASSERT_EQ(by_name.count("iss.requests"), 1u) << m.dump();
  EXPECT_EQ(by_name["iss.requests"]["type"], "sum");
  EXPECT_EQ(by_name["iss.requests"]["isMonotonic"], true);
  EXPECT_EQ(by_name["iss.requests"]["temporality"], 2);  // cumulative
  EXPECT_EQ(by_name["iss.requests"]["points"][0]["value"], "4");
  EXPECT_EQ(by_name["iss.requests"]["points"][0]["attributes"]["response.status"], "200");
  ASSERT_EQ(by_name.count("queue.depth"), 1u);
  EXPECT_EQ(by_name["queue.depth"]["isMonotonic"], false);
  EXPECT_EQ(by_name["queue.depth"]["points"][0]["value"], "-2");
  ASSERT_EQ(by_name.count("http.server.request.duration"), 1u);
  const json& histogram = by_name["http.server.request.duration"];
  EXPECT_EQ(histogram["type"], "histogram");
  EXPECT_EQ(histogram["unit"], "s");
  EXPECT_EQ(histogram["points"][0]["count"], "1");
  EXPECT_EQ(histogram["points"][0]["sum"], 0.25);
  EXPECT_EQ(histogram["points"][0]["bucketCounts"].size(),
            histogram["points"][0]["explicitBounds"].size() + 1);

  const auto log_lines = WaitForLines(receiver, "logs", 1);
  ASSERT_EQ(log_lines.size(), 1u) << receiver.Output();
  const json& l = log_lines[0];
  EXPECT_EQ(l["transport"], otlp::protocol_name(GetParam()));
  ASSERT_EQ(l["logs"].size(), 1u) << l.dump();
  const json& record = l["logs"][0];
  EXPECT_EQ(record["scope"], "iss-distance-service");
  EXPECT_EQ(record["severityNumber"], 17);
  EXPECT_EQ(record["severityText"], "ERROR");
  EXPECT_EQ(record["timeUnixNano"], "1700000000123456789");
  EXPECT_EQ(record["body"]["event"], "iss.unreachable");
  EXPECT_EQ(record["attributes"]["http.status"], "503");
  EXPECT_EQ(record["traceId"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(record["spanId"], "00f067aa0ba902b7");
}

INSTANTIATE_TEST_SUITE_P(Otlp, MetricsLogsToJsReceiver,
                         testing::Values(otlp::Protocol::kGrpc, otlp::Protocol::kHttpProtobuf,
                                         otlp::Protocol::kHttpJson),
                         [](const testing::TestParamInfo<otlp::Protocol>& param) {
                           switch (param.param) {
                             case otlp::Protocol::kGrpc:
                               return std::string("Grpc");
                             case otlp::Protocol::kHttpProtobuf:
                               return std::string("HttpProtobuf");
                             default:
                               return std::string("HttpJson");
                           }
                         });
