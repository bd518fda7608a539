// Metrics and logs against a faulty collector, over OTLP/gRPC and OTLP/HTTP protobuf
// alike (the same tests, parameterised by protocol): a collector that is absent, slow,
// or UNAVAILABLE/503 once then fine. Telemetry must never block the program, deliver a
// retried export exactly once, keep memory bounded and count what it drops.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "metrics_export_pipeline.h"
#include "metrics_test_util.h"
#include "otel/logs/exporters.h"
#include "otel/logs/logger_provider.h"
#include "otel/metrics/otlp_metric_exporter.h"
#include "otel/metrics/periodic_reader.h"
#include "support/any_collector.h"

using namespace otel_test;
using oteltest::AnyCollector;
using Protocol = otel::exporters::otlp::Protocol;
using Signal = otel::exporters::otlp::Signal;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

namespace {

struct LogsPipeline {
  LogsPipeline(otel::exporters::otlp::OtlpExporterOptions options,
               otel::logs::BatchLogRecordProcessorOptions batch = {}) {
    exporter = std::make_shared<otel::logs::OtlpLogExporter>(std::move(options));
    processor = std::make_shared<otel::logs::BatchLogRecordProcessor>(exporter, batch);
    otel::logs::LoggerProviderOptions provider_options;
    provider_options.resource = otel::Resource(otel::Attributes{{"service.name", "fault-test"}});
    provider_options.processors.push_back(processor);
    provider = std::make_shared<otel::logs::LoggerProvider>(provider_options);
    logger = provider->get_logger("iss-distance-service");
  }
  std::shared_ptr<otel::logs::OtlpLogExporter> exporter;
  std::shared_ptr<otel::logs::BatchLogRecordProcessor> processor;
  std::shared_ptr<otel::logs::LoggerProvider> provider;
  std::shared_ptr<otel::logs::Logger> logger;
};

int64_t CounterValue(const AnyCollector::MetricsRequest& request) {
  if (request.resource_metrics_size() == 0) return -1;
  const auto* m = FindMetric(request.resource_metrics(0), "iss.requests");
  return m && m->sum().data_points_size() > 0 ? m->sum().data_points(0).as_int() : -1;
}

size_t RecordCount(const AnyCollector::LogsRequest& request) {
  size_t n = 0;
  for (const auto& rl : request.resource_logs())
    for (const auto& sl : rl.scope_logs()) n += static_cast<size_t>(sl.log_records_size());
  return n;
}

long ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

std::string ProtocolName(const testing::TestParamInfo<Protocol>& info) {
  return info.param == Protocol::kGrpc ? "Grpc" : "HttpProtobuf";
}

class MetricsFault : public testing::TestWithParam<Protocol> {};
class LogsFault : public testing::TestWithParam<Protocol> {};

}  // namespace

TEST_P(MetricsFault, UnavailableOnceThenOkIsDeliveredExactlyOnce) {
  AnyCollector collector(GetParam());
  collector.ScriptUnavailableOnce();
  MetricsExportPipeline p(collector.Options(Signal::kMetrics));
  p.counter.add(7, {{"response.status", 200}});
  EXPECT_TRUE(p.provider->force_flush(std::chrono::seconds(5)));
  ASSERT_TRUE(collector.WaitForCalls(2, std::chrono::seconds(5)));
  // A second collection has nothing new (delta): no export, so no duplicate either.
  EXPECT_TRUE(p.provider->force_flush(std::chrono::seconds(5)));
  const auto requests = collector.Metrics();
  ASSERT_EQ(requests.size(), 2u);           // the refused attempt and its retry
  EXPECT_EQ(CounterValue(requests[0]), 7);  // refused
  EXPECT_EQ(CounterValue(requests[1]), 7);  // accepted: the value once, not 14
  EXPECT_EQ(p.exporter->exported_points(), 1u);
  EXPECT_EQ(p.exporter->dropped_points(), 0u);
  EXPECT_EQ(p.reader->stats().failed_exports, 0u);
}

TEST_P(MetricsFault, AbsentCollectorNeverBlocksAndCountsDrops) {
  AnyCollector collector(GetParam(), /*absent=*/true);
  auto options = collector.Options(Signal::kMetrics);
  options.retry.max_attempts = 2;
  MetricsExportPipeline p(options, otel::metrics::TemporalityPreference::kDelta, milliseconds(50));
  const auto start = Clock::now();
  for (int i = 0; i < 200000; ++i) p.counter.add(1, {{"response.status", i % 3}});
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
  std::this_thread::sleep_for(milliseconds(300));  // a few periodic exports fail meanwhile
  const auto shutdown_start = Clock::now();
  p.provider->shutdown(std::chrono::seconds(2));
  EXPECT_LT(Clock::now() - shutdown_start, std::chrono::seconds(3));
  EXPECT_GT(p.reader->stats().failed_exports, 0u);
  EXPECT_GT(p.exporter->dropped_points(), 0u);
  EXPECT_EQ(p.exporter->exported_points(), 0u);
}

TEST_P(MetricsFault, SlowCollectorKeepsFlushShutdownAndRecordingBounded) {
  AnyCollector collector(GetParam());
  collector.ScriptSlow(milliseconds(2500));
  auto options = collector.Options(Signal::kMetrics);
  options.timeout = milliseconds(500);
  MetricsExportPipeline p(options);
  p.counter.add(1);
  const auto start = Clock::now();
  EXPECT_FALSE(p.provider->force_flush(milliseconds(300)));  // the export is still hanging
  const auto record_start = Clock::now();
  for (int i = 0; i < 100000; ++i) p.counter.add(1);  // the reader is busy; recording is not
  EXPECT_LT(Clock::now() - record_start, milliseconds(500));
  p.provider->shutdown(std::chrono::seconds(1));
  EXPECT_LT(Clock::now() - start, milliseconds(2500));
  EXPECT_TRUE(collector.WaitForCalls(1, std::chrono::seconds(1)));
}

TEST_P(LogsFault, UnavailableOnceThenOkIsDeliveredExactlyOnce) {
  AnyCollector collector(GetParam());
  collector.ScriptUnavailableOnce();
  LogsPipeline p(collector.Options(Signal::kLogs));
  p.logger->emit(otel::logs::Severity::kError, "ISS endpoint did not answer 200",
                 {{"http.status", 503}});
  EXPECT_TRUE(p.provider->force_flush(std::chrono::seconds(5)));
  ASSERT_TRUE(collector.WaitForCalls(2, std::chrono::seconds(5)));
  EXPECT_TRUE(p.provider->force_flush(std::chrono::seconds(5)));  // nothing queued: no call
  const auto requests = collector.Logs();
  ASSERT_EQ(requests.size(), 2u);
  ASSERT_EQ(RecordCount(requests[1]), 1u);
  const auto& record = requests[1].resource_logs(0).scope_logs(0).log_records(0);
  EXPECT_EQ(record.body().string_value(), "ISS endpoint did not answer 200");
  EXPECT_EQ(record.severity_number(), 17);
  EXPECT_EQ(requests[1].resource_logs(0).scope_logs(0).scope().name(), "iss-distance-service");
  EXPECT_EQ(p.processor->exported(), 1u);
  EXPECT_EQ(p.processor->failed(), 0u);
  EXPECT_EQ(p.exporter->dropped_records(), 0u);
}

TEST_P(LogsFault, AbsentCollectorNeverBlocksAndCountsEveryRecord) {
  AnyCollector collector(GetParam(), /*absent=*/true);
  auto options = collector.Options(Signal::kLogs);
  options.retry.max_attempts = 1;
  otel::logs::BatchLogRecordProcessorOptions batch;
  batch.schedule_delay = milliseconds(20);
  LogsPipeline p(options, batch);
  const auto start = Clock::now();
  for (int i = 0; i < 20000; ++i) p.logger->emit(otel::logs::Severity::kInfo, "hello");
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(1));
  const auto shutdown_start = Clock::now();
  p.provider->shutdown(std::chrono::seconds(3));
  EXPECT_LT(Clock::now() - shutdown_start, std::chrono::milliseconds(3500));
  EXPECT_EQ(p.processor->exported(), 0u);
  EXPECT_EQ(p.processor->failed() + p.processor->dropped(), 20000u);
  EXPECT_EQ(p.exporter->dropped_records(), p.processor->failed());
}

TEST_P(LogsFault, SlowCollectorNeverBlocksEmitAndMemoryStaysBounded) {
  AnyCollector collector(GetParam());
  collector.ScriptSlow(milliseconds(2500));  // the first export hangs, later ones are fine
  auto options = collector.Options(Signal::kLogs);
  options.timeout = milliseconds(1500);
  otel::logs::BatchLogRecordProcessorOptions batch;
  batch.schedule_delay = milliseconds(20);
  LogsPipeline p(options, batch);
  p.logger->emit(otel::logs::Severity::kInfo, "first");
  ASSERT_TRUE(collector.WaitForCalls(1, std::chrono::seconds(2)));  // now hanging
  // 100k records of 2 KB while the worker is stuck: 200 MB if the queue grew without
  // bound; the bounded queue keeps at most 2 x 2048 of them.
  const std::string body(2048, 'x');
  const long rss_before = ResidentBytes();
  const auto start = Clock::now();
  constexpr uint64_t kRecords = 100000;
  for (uint64_t i = 0; i < kRecords; ++i) p.logger->emit(otel::logs::Severity::kInfo, body);
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  EXPECT_LT(ResidentBytes() - rss_before, 64L << 20);
  EXPECT_FALSE(p.provider->force_flush(milliseconds(200)));  // bounded, not done
  const auto shutdown_start = Clock::now();
  p.provider->shutdown(std::chrono::seconds(3));
  EXPECT_LT(Clock::now() - shutdown_start, std::chrono::milliseconds(3500));
  const uint64_t accounted =
      p.processor->exported() + p.processor->failed() + p.processor->dropped();
  EXPECT_EQ(accounted, kRecords + 1);
  EXPECT_GT(p.processor->dropped(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Otlp, MetricsFault,
                         testing::Values(Protocol::kGrpc, Protocol::kHttpProtobuf), ProtocolName);
INSTANTIATE_TEST_SUITE_P(Otlp, LogsFault, testing::Values(Protocol::kGrpc, Protocol::kHttpProtobuf),
                         ProtocolName);
