// Metrics and logs over OTLP/HTTP against a local fake collector: what arrives decodes,
// and an absent, slow or failing collector never blocks or crashes the program.
#include <gtest/gtest.h>

#include "metrics_export_pipeline.h"
#include "metrics_test_util.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "otel/exporters/otlp/otlp_json.h"
#include "otel/logs/exporters.h"
#include "otel/logs/logger_provider.h"
#include "otel/metrics/otlp_metric_exporter.h"
#include "otel/metrics/periodic_reader.h"
#include "process.h"
#include "support/fake_collector.h"

using namespace otel_test;
namespace otlp = otel::exporters::otlp;
using MetricsRequest = opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest;
using LogsRequest = opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest;

namespace {

otlp::OtlpExporterOptions Options(otlp::Signal signal, const std::string& url,
                                  otlp::Protocol protocol) {
  otlp::OtlpExporterOptions o;
  o.signal = signal;
  o.protocol = protocol;
  o.endpoint = url;
  o.timeout = std::chrono::milliseconds(2000);
  o.retry.initial_backoff = std::chrono::milliseconds(20);
  o.retry.max_backoff = std::chrono::milliseconds(50);
  return o;
}

int64_t CounterValue(const MetricsRequest& request) {
  if (request.resource_metrics_size() == 0) return -1;
  const auto* m = FindMetric(request.resource_metrics(0), "iss.requests");
  return m && m->sum().data_points_size() > 0 ? m->sum().data_points(0).as_int() : -1;
}

}  // namespace

TEST(MetricsOtlpExport, HttpProtobufRetriesA503AndDeliversOnce) {
  oteltest::FakeHttpCollector collector;
  collector.script({{503, "", "", std::chrono::milliseconds(0)}});
  MetricsExportPipeline p(
      Options(otlp::Signal::kMetrics, collector.url("/v1/metrics"), otlp::Protocol::kHttpProtobuf),
      otel::metrics::TemporalityPreference::kDelta);
  p.counter.add(7, {{"response.status", 200}});
  EXPECT_TRUE(p.provider->force_flush(std::chrono::seconds(5)));
  ASSERT_TRUE(collector.wait_for_requests(2, std::chrono::seconds(5)));
  const auto requests = collector.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].path, "/v1/metrics");
  EXPECT_EQ(requests[1].content_type, "application/x-protobuf");
  MetricsRequest decoded;
  ASSERT_TRUE(decoded.ParseFromString(requests[1].body));
  EXPECT_EQ(CounterValue(decoded), 7);
  EXPECT_EQ(
      FindMetric(decoded.resource_metrics(0), "iss.requests")->sum().aggregation_temporality(),
      pbm::AGGREGATION_TEMPORALITY_DELTA);
  EXPECT_EQ(p.exporter->dropped_points(), 0u);
  EXPECT_EQ(p.reader->stats().failed_exports, 0u);
}

TEST(MetricsOtlpExport, HttpJsonBodyDecodes) {
  oteltest::FakeHttpCollector collector;
  MetricsExportPipeline p(
      Options(otlp::Signal::kMetrics, collector.url("/v1/metrics"), otlp::Protocol::kHttpJson),
      otel::metrics::TemporalityPreference::kCumulative);
  p.counter.add(3);
  EXPECT_TRUE(p.provider->force_flush(std::chrono::seconds(5)));
  ASSERT_TRUE(collector.wait_for_requests(1, std::chrono::seconds(5)));
  const auto request = collector.requests()[0];
  EXPECT_EQ(request.content_type, "application/json");
  MetricsRequest decoded;
  std::string error;
  ASSERT_TRUE(otlp::from_otlp_json(request.body, decoded, &error)) << error << request.body;
  EXPECT_EQ(CounterValue(decoded), 3);
}

TEST(MetricsOtlpExport, AbsentCollectorNeverBlocksInstrumentsAndCountsDrops) {
  const int closed_port = testsupport::FreePort();  // nothing listens there
  auto options = Options(otlp::Signal::kMetrics,
                         "http://127.0.0.1:" + std::to_string(closed_port) + "/v1/metrics",
                         otlp::Protocol::kHttpProtobuf);
  options.retry.max_attempts = 2;
  MetricsExportPipeline p(options, otel::metrics::TemporalityPreference::kCumulative,
                          std::chrono::milliseconds(50));
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 200000; ++i) p.counter.add(1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const auto shutdown_start = std::chrono::steady_clock::now();
  p.provider->shutdown(std::chrono::seconds(2));
  EXPECT_LT(std::chrono::steady_clock::now() - shutdown_start, std::chrono::seconds(3));
  EXPECT_GT(p.reader->stats().failed_exports, 0u);
  EXPECT_GT(p.exporter->dropped_points(), 0u);
  EXPECT_EQ(p.exporter->exported_points(), 0u);
}

TEST(MetricsOtlpExport, SlowCollectorFlushAndShutdownStayBounded) {
  oteltest::FakeHttpCollector collector;
  collector.script({{200, "", "", std::chrono::milliseconds(4000)}});
  auto options =
      Options(otlp::Signal::kMetrics, collector.url("/v1/metrics"), otlp::Protocol::kHttpProtobuf);
  options.timeout = std::chrono::milliseconds(500);
  MetricsExportPipeline p(options, otel::metrics::TemporalityPreference::kCumulative);
  p.counter.add(1);
  const auto start = std::chrono::steady_clock::now();
  p.provider->force_flush(std::chrono::milliseconds(300));
  p.counter.add(1);  // the reader's thread is busy; recording is not
  p.provider->shutdown(std::chrono::seconds(1));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2500));
}

TEST(LogsOtlpExport, BatchedRecordsArriveOverHttpProtobufAndJsonAfterA503) {
  for (auto protocol : {otlp::Protocol::kHttpProtobuf, otlp::Protocol::kHttpJson}) {
    oteltest::FakeHttpCollector collector;
    collector.script({{503, "", "1", std::chrono::milliseconds(0)}});
    auto exporter = std::make_shared<otel::logs::OtlpLogExporter>(
        Options(otlp::Signal::kLogs, collector.url("/v1/logs"), protocol));
    otel::logs::LoggerProviderOptions options;
    options.resource = otel::Resource(otel::Attributes{{"service.name", "fault-test"}});
    options.processors.push_back(std::make_shared<otel::logs::BatchLogRecordProcessor>(exporter));
    otel::logs::LoggerProvider provider(options);
    auto logger = provider.get_logger("iss-distance-service");
    logger->emit(otel::logs::Severity::kError, "ISS endpoint did not answer 200",
                 {{"http.status", 503}});
    EXPECT_TRUE(provider.force_flush(std::chrono::seconds(5)));
    ASSERT_TRUE(collector.wait_for_requests(2, std::chrono::seconds(5)));
    const auto request = collector.requests()[1];
    LogsRequest decoded;
    if (protocol == otlp::Protocol::kHttpJson) {
      ASSERT_TRUE(otlp::from_otlp_json(request.body, decoded)) << request.body;
    } else {
      ASSERT_TRUE(decoded.ParseFromString(request.body));
    }
    ASSERT_EQ(decoded.resource_logs_size(), 1);
    const auto& record = decoded.resource_logs(0).scope_logs(0).log_records(0);
    EXPECT_EQ(record.body().string_value(), "ISS endpoint did not answer 200");
    EXPECT_EQ(record.severity_number(), 17);
    EXPECT_EQ(exporter->dropped_records(), 0u);
  }
}

TEST(LogsOtlpExport, AbsentCollectorDropsAreCountedAndEmitStaysFast) {
  auto options = Options(otlp::Signal::kLogs,
                         "http://127.0.0.1:" + std::to_string(testsupport::FreePort()) + "/v1/logs",
                         otlp::Protocol::kHttpProtobuf);
  options.retry.max_attempts = 1;
  auto exporter = std::make_shared<otel::logs::OtlpLogExporter>(options);
  otel::logs::BatchLogRecordProcessorOptions batch;
  batch.schedule_delay = std::chrono::milliseconds(20);
  auto processor = std::make_shared<otel::logs::BatchLogRecordProcessor>(exporter, batch);
  otel::logs::LoggerProviderOptions provider_options;
  provider_options.processors.push_back(processor);
  otel::logs::LoggerProvider provider(provider_options);
  auto logger = provider.get_logger("x");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20000; ++i) logger->emit(otel::logs::Severity::kInfo, "hello");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  provider.shutdown(std::chrono::seconds(3));
  EXPECT_EQ(processor->exported(), 0u);
  EXPECT_EQ(processor->failed() + processor->dropped(), 20000u);
  EXPECT_EQ(exporter->dropped_records(), processor->failed());
}
