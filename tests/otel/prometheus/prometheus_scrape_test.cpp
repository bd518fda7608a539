// The pull exporter end to end: GET /metrics over HTTP, `promtool check metrics` on
// the body, and a real Prometheus (Debian's) scraping us and answering a query.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "../metrics/metrics_test_util.h"
#include "otel/common/env.h"
#include "otel/context/context.h"
#include "otel/prometheus/exporter.h"
#include "otel/trace/span.h"
#include "process.h"

using namespace otel_test;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "otel-prom-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

constexpr const char* kExemplarTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr const char* kExemplarSpan = "00f067aa0ba902b7";

// A provider whose only reader is a started Prometheus exporter on a free port.
struct ServedMetrics {
  ServedMetrics() {
    otel::metrics::MeterProviderOptions options;
    options.resource = otel::Resource(otel::Attributes{{"service.name", "iss-distance-service"},
                                                       {"service.version", "0.1.0"},
                                                       {"deployment.environment.name", "dev"}});
    provider = std::make_shared<otel::metrics::MeterProvider>(options);
    otel::prometheus::ExporterOptions exporter_options;
    exporter_options.host = "127.0.0.1";
    exporter_options.port = 0;
    exporter = std::make_shared<otel::prometheus::PrometheusExporter>(exporter_options);
    provider->add_reader(exporter);
    started = exporter->start();
    auto meter = provider->get_meter("iss-distance-service", "0.1.0");
    meter->create_counter<int64_t>("incoming.requests", "Requests to /").add(3);
    meter->create_counter<int64_t>("iss.requests", "Calls to the ISS API")
        .add(2, {{"response.status", 200}});
    auto duration =
        meter->create_histogram<double>("http.server.request.duration", "Server time", "s",
                                        {std::vector<double>{0.005, 0.01, 0.1, 1}});
    duration.record(0.02, {{"http.route", "/"}, {"http.request.method", "GET"}});
    {  // a sampled span is current: the 0.3 s request becomes its bucket's exemplar
      auto span = std::make_shared<otel::trace::Span>(otel::trace::SpanContext(
          *otel::trace::TraceId::from_hex(kExemplarTrace),
          *otel::trace::SpanId::from_hex(kExemplarSpan), otel::trace::TraceFlags(1), false));
      auto scope = otel::Context::current().with_span(span).attach();
      duration.record(0.3, {{"http.route", "/"}, {"http.request.method", "GET"}});
    }
    meter->create_up_down_counter<int64_t>("active.requests", "In flight", "{request}").add(1);
    gauge = meter->create_observable_gauge<double>(
        "process.memory.utilization",
        [](otel::metrics::ObserverResult<double>& r) { r.observe(0.25); }, "", "1");
  }
  std::shared_ptr<otel::metrics::MeterProvider> provider;
  std::shared_ptr<otel::prometheus::PrometheusExporter> exporter;
  otel::metrics::ObservableInstrument<double> gauge;
  bool started = false;
};

}  // namespace

TEST(PrometheusExporter, ServesMetricsThatPromtoolAccepts) {
  ServedMetrics served;
  ASSERT_TRUE(served.started);
  httplib::Client client("127.0.0.1", served.exporter->port());
  auto res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Content-Type").find("version=0.0.4"), std::string::npos);
  const std::string& body = res->body;
  EXPECT_NE(body.find("incoming_requests_total{otel_scope_name=\"iss-distance-service\""),
            std::string::npos)
      << body;
  EXPECT_NE(body.find("http_server_request_duration_seconds_bucket{"), std::string::npos) << body;
  EXPECT_NE(body.find("process_memory_utilization_ratio"), std::string::npos) << body;
  EXPECT_EQ(body.find("job="), std::string::npos)
      << "an SDK endpoint leaves job/instance to Prometheus";
  EXPECT_EQ(body.find(" # {"), std::string::npos) << "no exemplars in the 0.0.4 format";

  // Asked for OpenMetrics (as Prometheus asks), the bucket of 0.3 carries the exemplar.
  auto open_metrics = client.Get(
      "/metrics", {{"Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5"}});
  ASSERT_TRUE(open_metrics);
  EXPECT_NE(open_metrics->get_header_value("Content-Type").find("application/openmetrics-text"),
            std::string::npos);
  EXPECT_NE(open_metrics->body.find(std::string("le=\"1\"} 2 # {trace_id=\"") + kExemplarTrace +
                                    "\",span_id=\"" + kExemplarSpan + "\"} 0.3 "),
            std::string::npos)
      << open_metrics->body;
  EXPECT_TRUE(open_metrics->body.ends_with("# EOF\n")) << open_metrics->body;

  TempDir dir;
  const fs::path file = dir.path / "metrics.txt";
  std::ofstream(file) << body;
  testsupport::ChildProcess promtool(
      "/bin/sh", {"-c", "exec promtool check metrics < '" + file.string() + "'"});
  auto status = promtool.Wait(std::chrono::seconds(20));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 0) << promtool.Output() << "\n" << body;
}

TEST(PrometheusExporter, BusyPortIsReportedNotFatal) {
  ServedMetrics first;
  ASSERT_TRUE(first.started);
  otel::prometheus::ExporterOptions options;
  options.host = "127.0.0.1";
  options.port = first.exporter->port();
  otel::prometheus::PrometheusExporter second(options);
  EXPECT_FALSE(second.start());
}

TEST(PrometheusExporter, RealPrometheusScrapesAndFindsTheSeries) {
  ServedMetrics served;
  ASSERT_TRUE(served.started);
  TempDir dir;
  const int web_port = testsupport::FreePort();
  std::ofstream(dir.path / "prometheus.yml")
      << "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
      << "scrape_configs:\n  - job_name: iss-distance-service\n    static_configs:\n"
      << "      - targets: ['127.0.0.1:" << served.exporter->port() << "']\n";
  testsupport::ChildProcess prometheus(
      "/usr/bin/prometheus", {"--config.file=" + (dir.path / "prometheus.yml").string(),
                              "--storage.tsdb.path=" + (dir.path / "data").string(),
                              "--web.listen-address=127.0.0.1:" + std::to_string(web_port),
                              "--log.level=warn", "--enable-feature=exemplar-storage"});
  ASSERT_TRUE(testsupport::WaitForPort(web_port, std::chrono::seconds(20))) << prometheus.Output();

  httplib::Client api("127.0.0.1", web_port);
  auto query = [&](const std::string& promql) -> nlohmann::json {
    auto res = api.Get("/api/v1/query?query=" + otel::env::percent_encode(promql));
    if (!res || res->status != 200) return nlohmann::json::array();
    auto doc = nlohmann::json::parse(res->body, nullptr, false);
    if (doc.is_discarded() || !doc.contains("data")) return nlohmann::json::array();
    return doc["data"]["result"];
  };
  nlohmann::json result = nlohmann::json::array();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(25);
  while (std::chrono::steady_clock::now() < deadline) {
    result = query("iss_requests_total");
    if (!result.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_FALSE(result.empty()) << prometheus.Output();
  const auto& series = result[0];
  EXPECT_EQ(series["metric"]["job"], "iss-distance-service");
  EXPECT_EQ(series["metric"]["response_status"], "200");
  EXPECT_EQ(series["metric"]["otel_scope_name"], "iss-distance-service");
  EXPECT_EQ(series["value"][1], "2");
  auto buckets = query("http_server_request_duration_seconds_bucket{le=\"0.1\"}");
  ASSERT_FALSE(buckets.empty());
  EXPECT_EQ(buckets[0]["value"][1], "1");
  auto info = query("target_info");
  ASSERT_FALSE(info.empty());
  EXPECT_EQ(info[0]["metric"]["service_name"], "iss-distance-service");
  EXPECT_EQ(info[0]["metric"]["deployment_environment_name"], "dev");

  // The exemplar came through OpenMetrics into Prometheus' exemplar storage.
  const std::string exemplar_query =
      "/api/v1/query_exemplars?query=" +
      otel::env::percent_encode("http_server_request_duration_seconds_bucket") +
      "&start=" + std::to_string(std::time(nullptr) - 600) +
      "&end=" + std::to_string(std::time(nullptr) + 60);
  auto exemplars = api.Get(exemplar_query);
  ASSERT_TRUE(exemplars && exemplars->status == 200);
  auto doc = nlohmann::json::parse(exemplars->body, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << exemplars->body;
  ASSERT_FALSE(doc["data"].empty()) << exemplars->body;
  const auto& found = doc["data"][0];
  EXPECT_EQ(found["seriesLabels"]["le"], "1") << exemplars->body;
  EXPECT_EQ(found["exemplars"][0]["labels"]["trace_id"], kExemplarTrace) << exemplars->body;
  EXPECT_EQ(found["exemplars"][0]["labels"]["span_id"], kExemplarSpan) << exemplars->body;
  EXPECT_EQ(found["exemplars"][0]["value"], "0.3") << exemplars->body;
}
