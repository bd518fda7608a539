// The console exporters (metrics and logs) and the environment-driven setup of both
// signals: OTEL_METRICS_EXPORTER, OTEL_LOGS_EXPORTER and
// OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE.
#include <gtest/gtest.h>
#include <httplib.h>

#include <sstream>

#include "metrics_test_util.h"
#include "otel/common/internal_log.h"
#include "otel/logs/exporters.h"
#include "otel/logs/logger_provider.h"
#include "otel/logs/setup.h"
#include "otel/metrics/console_metric_exporter.h"
#include "otel/metrics/otlp_metric_exporter.h"
#include "otel/metrics/periodic_reader.h"
#include "otel/metrics/setup.h"
#include "process.h"
#include "scoped_env.h"
#include "support/captured_warnings.h"

using namespace otel_test;
using otel::metrics::AggregationTemporality;
using otel::metrics::InstrumentKind;
using testsupport::ScopedEnv;

TEST(MetricsConsole, PrintsEachPointWithItsAttributesAndValue) {
  std::ostringstream out;
  auto exporter = std::make_shared<otel::metrics::ConsoleMetricExporter>(&out);
  auto reader = std::make_shared<otel::metrics::PeriodicExportingMetricReader>(
      exporter, otel::metrics::PeriodicReaderOptions{std::chrono::milliseconds(60000),
                                                     std::chrono::milliseconds(1000)});
  otel::metrics::MeterProviderOptions options;
  options.resource = otel::Resource(otel::Attributes{{"service.name", "console-test"}});
  otel::metrics::MeterProvider provider(options);
  provider.add_reader(reader);
  auto meter = provider.get_meter("iss-distance-service");
  meter->create_counter<int64_t>("iss.requests").add(3, {{"response.status", 200}});
  meter->create_histogram<double>("http.server.request.duration", "", "s").record(0.5);
  ASSERT_TRUE(provider.force_flush(std::chrono::seconds(5)));
  const std::string text = out.str();
  EXPECT_NE(text.find("iss.requests"), std::string::npos) << text;
  EXPECT_NE(text.find("response.status"), std::string::npos) << text;
  EXPECT_NE(text.find("200"), std::string::npos) << text;
  EXPECT_NE(text.find("3"), std::string::npos) << text;
  EXPECT_NE(text.find("http.server.request.duration"), std::string::npos) << text;
}

TEST(LogsConsole, PrintsSeverityScopeBodyAttributesAndIds) {
  std::ostringstream out;
  otel::logs::LoggerProviderOptions options;
  options.processors.push_back(std::make_shared<otel::logs::SimpleLogRecordProcessor>(
      std::make_shared<otel::logs::ConsoleLogExporter>(&out)));
  otel::logs::LoggerProvider provider(options);
  otel::logs::LogRecord record;
  record.severity = otel::logs::Severity::kWarn;
  record.body = otel::AttributeValue("ISS is below the horizon");
  record.attributes = {{"location", "Paris"}};
  record.trace_id = *otel::trace::TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
  record.span_id = *otel::trace::SpanId::from_hex("00f067aa0ba902b7");
  provider.get_logger("iss-distance-service")->emit(std::move(record));
  const std::string text = out.str();
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;  // one line per record
  for (const char* expected :
       {"WARN", "iss-distance-service", "ISS is below the horizon", "location", "Paris",
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in " << text;
  }
}

TEST(MetricsEnvSetup, ExporterListGivesOneReaderPerKnownNameAndReportsUnknownOnes) {
  CapturedWarnings warnings;
  {
    ScopedEnv exporters("OTEL_METRICS_EXPORTER", "console");
    EXPECT_EQ(otel::metrics::readers_from_env().size(), 1u);
  }
  {
    ScopedEnv exporters("OTEL_METRICS_EXPORTER", "none");
    EXPECT_TRUE(otel::metrics::readers_from_env().empty());
  }
  {
    ScopedEnv exporters("OTEL_METRICS_EXPORTER", "bogus,console");
    EXPECT_EQ(otel::metrics::readers_from_env().size(), 1u);
    EXPECT_NE(warnings.Text().find("bogus"), std::string::npos) << warnings.Text();
  }
}

TEST(MetricsEnvSetup, TemporalityPreferenceComesFromTheEnvironment) {
  {
    ScopedEnv preference("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "delta");
    auto exporter = otel::metrics::OtlpMetricExporter::from_env();
    EXPECT_EQ(exporter->temporality(InstrumentKind::kCounter), AggregationTemporality::kDelta);
    EXPECT_EQ(exporter->temporality(InstrumentKind::kObservableCounter),
              AggregationTemporality::kDelta);
    EXPECT_EQ(exporter->temporality(InstrumentKind::kHistogram), AggregationTemporality::kDelta);
    EXPECT_EQ(exporter->temporality(InstrumentKind::kUpDownCounter),
              AggregationTemporality::kCumulative);
  }
  {
    ScopedEnv preference("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "LowMemory");
    auto exporter = otel::metrics::OtlpMetricExporter::from_env();
    EXPECT_EQ(exporter->temporality(InstrumentKind::kCounter), AggregationTemporality::kDelta);
    EXPECT_EQ(exporter->temporality(InstrumentKind::kObservableCounter),
              AggregationTemporality::kCumulative);
  }
  {
    CapturedWarnings warnings;
    ScopedEnv preference("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "sometimes");
    auto exporter = otel::metrics::OtlpMetricExporter::from_env();
    EXPECT_EQ(exporter->temporality(InstrumentKind::kCounter), AggregationTemporality::kCumulative);
    EXPECT_NE(warnings.Text().find("sometimes"), std::string::npos) << warnings.Text();
  }
}

TEST(LogsEnvSetup, ExporterListGivesProcessors) {
  {
    ScopedEnv exporters("OTEL_LOGS_EXPORTER", "console");
    auto processors = otel::logs::processors_from_env();
    ASSERT_EQ(processors.size(), 1u);
    EXPECT_NE(dynamic_cast<otel::logs::SimpleLogRecordProcessor*>(processors[0].get()), nullptr);
  }
  {
    ScopedEnv exporters("OTEL_LOGS_EXPORTER", "none");
    EXPECT_TRUE(otel::logs::processors_from_env().empty());
  }
  {
    ScopedEnv exporters("OTEL_LOGS_EXPORTER", "otlp");
    ScopedEnv endpoint("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1");
    auto processors = otel::logs::processors_from_env();
    ASSERT_EQ(processors.size(), 1u);
    EXPECT_NE(dynamic_cast<otel::logs::BatchLogRecordProcessor*>(processors[0].get()), nullptr);
  }
}

TEST(LogsEnvSetup, BatchOptionsComeFromTheEnvironment) {
  CapturedWarnings warnings;
  ScopedEnv queue("OTEL_BLRP_MAX_QUEUE_SIZE", "16");
  ScopedEnv batch("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "64");  // > queue: clamped, reported
  ScopedEnv delay("OTEL_BLRP_SCHEDULE_DELAY", "250");
  ScopedEnv timeout("OTEL_BLRP_EXPORT_TIMEOUT", "abc");  // invalid: default kept
  const auto options = otel::logs::BatchLogRecordProcessorOptions::from_env();
  EXPECT_EQ(options.max_queue_size, 16u);
  EXPECT_EQ(options.max_export_batch_size, 16u);
  EXPECT_EQ(options.schedule_delay, std::chrono::milliseconds(250));
  EXPECT_EQ(options.export_timeout, std::chrono::milliseconds(30000));
  EXPECT_NE(warnings.Text().find("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"), std::string::npos)
      << warnings.Text();
}

TEST(MetricsEnvSetup, PrometheusExporterServesOnTheConfiguredHostAndPort) {
  const int port = testsupport::FreePort();
  ScopedEnv exporters("OTEL_METRICS_EXPORTER", "prometheus");
  ScopedEnv host("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1");
  ScopedEnv port_env("OTEL_EXPORTER_PROMETHEUS_PORT", std::to_string(port).c_str());
  auto readers = otel::metrics::readers_from_env();
  ASSERT_EQ(readers.size(), 1u);
  otel::metrics::MeterProviderOptions options;
  options.resource = otel::Resource(otel::Attributes{{"service.name", "env-prometheus"}});
  otel::metrics::MeterProvider provider(options);
  provider.add_reader(readers[0]);
  provider.get_meter("scope")->create_counter<int64_t>("iss.requests").add(5);
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("iss_requests_total{otel_scope_name=\"scope\"} 5"), std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("target_info{service_name=\"env-prometheus\""), std::string::npos)
      << res->body;
}
