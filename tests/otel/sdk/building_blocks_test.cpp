// The building blocks the workshop's setup_* functions are written with: exporters chosen
// by OTEL_*_EXPORTER (OTLP by default), processors and readers made with create(), and
// providers made from a resource that honour OTEL_SDK_DISABLED and the sampler variables.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "otel/exporters/console/console_span_exporter.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"
#include "otel/logs/setup.h"
#include "otel/metrics/console_metric_exporter.h"
#include "otel/metrics/otlp_metric_exporter.h"
#include "otel/metrics/setup.h"
#include "otel/propagation/text_map.h"
#include "otel/resource/resource.h"
#include "otel/trace/setup.h"
#include "scoped_env.h"

namespace {

using namespace std::chrono_literals;
using testsupport::ScopedEnv;

TEST(SpanExporterFromEnv, IsOtlpByDefaultConsoleOrNoneWhenNamed) {
  ScopedEnv unset("OTEL_TRACES_EXPORTER", nullptr);
  auto otlp = otel::trace::span_exporter_from_env();
  EXPECT_NE(dynamic_cast<otel::exporters::otlp::OtlpSpanExporter*>(otlp.get()), nullptr);
  {
    ScopedEnv console("OTEL_TRACES_EXPORTER", "console");
    auto exporter = otel::trace::span_exporter_from_env();
    EXPECT_NE(dynamic_cast<otel::exporters::console::ConsoleSpanExporter*>(exporter.get()),
              nullptr);
  }
  ScopedEnv none("OTEL_TRACES_EXPORTER", "none");
  EXPECT_EQ(otel::trace::span_exporter_from_env(), nullptr);
  // No exporter, no processor: the provider then records nothing anywhere.
  EXPECT_EQ(otel::trace::SimpleSpanProcessor::create(nullptr), nullptr);
  EXPECT_EQ(otel::trace::BatchSpanProcessor::create(nullptr), nullptr);
}

TEST(TracerProviderCreate, HandsSpansWithTheResourceToTheProcessor) {
  ScopedEnv disabled("OTEL_SDK_DISABLED", nullptr);
  ScopedEnv sampler("OTEL_TRACES_SAMPLER", nullptr);
  auto exporter = std::make_unique<otel::trace::InMemorySpanExporter>();
  otel::trace::InMemorySpanExporter* spans = exporter.get();
  auto provider = otel::trace::TracerProvider::create(
      otel::Resource(otel::Attributes{{"service.name", "gateway"}}),
      otel::trace::SimpleSpanProcessor::create(std::move(exporter)));
  { auto span = provider->get_tracer("test")->start_as_current_span("work"); }
  ASSERT_EQ(spans->spans().size(), 1u);
  EXPECT_EQ(provider->resource().get("service.name")->to_string(), "gateway");
}

TEST(TracerProviderCreate, TakesTheSamplerFromTheEnvironment) {
  ScopedEnv disabled("OTEL_SDK_DISABLED", nullptr);
  ScopedEnv sampler("OTEL_TRACES_SAMPLER", "always_off");
  auto exporter = std::make_unique<otel::trace::InMemorySpanExporter>();
  otel::trace::InMemorySpanExporter* spans = exporter.get();
  auto provider = otel::trace::TracerProvider::create(
      otel::Resource(), otel::trace::SimpleSpanProcessor::create(std::move(exporter)));
  {
    auto span = provider->get_tracer("test")->start_as_current_span("work");
    EXPECT_FALSE(span->is_recording());
  }
  EXPECT_EQ(spans->spans().size(), 0u);
}

TEST(TracerProviderCreate, IsANoopWhenTheSdkIsDisabled) {
  ScopedEnv disabled("OTEL_SDK_DISABLED", "true");
  auto provider = otel::trace::TracerProvider::create(
      otel::Resource(), otel::trace::SimpleSpanProcessor::create(
                            std::make_unique<otel::trace::InMemorySpanExporter>()));
  EXPECT_TRUE(provider->is_noop());
}

// Counts exports; the reader calls it from its own thread.
class CountingMetricExporter : public otel::metrics::MetricExporter {
 public:
  explicit CountingMetricExporter(std::atomic<int>* exports) : exports_(exports) {}
  otel::ExportResult export_metrics(const otel::metrics::ResourceMetricsProto&) noexcept override {
    ++*exports_;
    return otel::ExportResult::kSuccess;
  }

 private:
  std::atomic<int>* exports_;
};

TEST(MetricExporterFromEnv, IsOtlpByDefaultConsoleOrNoneWhenNamed) {
  ScopedEnv unset("OTEL_METRICS_EXPORTER", nullptr);
  auto otlp = otel::metrics::metric_exporter_from_env();
  EXPECT_NE(dynamic_cast<otel::metrics::OtlpMetricExporter*>(otlp.get()), nullptr);
  {
    ScopedEnv console("OTEL_METRICS_EXPORTER", "console");
    auto exporter = otel::metrics::metric_exporter_from_env();
    EXPECT_NE(dynamic_cast<otel::metrics::ConsoleMetricExporter*>(exporter.get()), nullptr);
  }
  {
    ScopedEnv none("OTEL_METRICS_EXPORTER", "none");
    EXPECT_EQ(otel::metrics::metric_exporter_from_env(), nullptr);
  }
  // A pull exporter is a reader, which MeterProvider::create adds: no push exporter.
  ScopedEnv prometheus("OTEL_METRICS_EXPORTER", "prometheus");
  EXPECT_EQ(otel::metrics::metric_exporter_from_env(), nullptr);
  EXPECT_EQ(otel::metrics::PeriodicExportingMetricReader::create(nullptr, 1s), nullptr);
}

TEST(PeriodicReaderCreate, ExportsAtTheCodesIntervalUnlessTheEnvironmentSetsOne) {
  ScopedEnv disabled("OTEL_SDK_DISABLED", nullptr);
  std::atomic<int> exports{0};
  {
    ScopedEnv interval("OTEL_METRIC_EXPORT_INTERVAL", nullptr);
    auto provider = otel::metrics::MeterProvider::create(
        otel::Resource(), otel::metrics::PeriodicExportingMetricReader::create(
                              std::make_shared<CountingMetricExporter>(&exports), 50ms));
    provider->get_meter("test")->create_counter<int64_t>("requests").add(1);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (exports < 3 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(10ms);
    EXPECT_GE(exports.load(), 3);
    provider->shutdown(1s);
  }
  exports = 0;
  ScopedEnv interval("OTEL_METRIC_EXPORT_INTERVAL", "60000");
  auto provider = otel::metrics::MeterProvider::create(
      otel::Resource(), otel::metrics::PeriodicExportingMetricReader::create(
                            std::make_shared<CountingMetricExporter>(&exports), 50ms));
  provider->get_meter("test")->create_counter<int64_t>("requests").add(1);
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(exports.load(), 0);  // the environment's minute, not the code's 50 ms
}

TEST(MeterProviderCreate, ExportsNothingWhenTheSdkIsDisabled) {
  ScopedEnv disabled("OTEL_SDK_DISABLED", "true");
  ScopedEnv interval("OTEL_METRIC_EXPORT_INTERVAL", nullptr);
  std::atomic<int> exports{0};
  auto provider = otel::metrics::MeterProvider::create(
      otel::Resource(), otel::metrics::PeriodicExportingMetricReader::create(
                            std::make_shared<CountingMetricExporter>(&exports), 20ms));
  provider->get_meter("test")->create_counter<int64_t>("requests").add(1);
  std::this_thread::sleep_for(300ms);
  provider->shutdown(1s);
  EXPECT_EQ(exports.load(), 0);
}

TEST(LogExporterFromEnv, IsOtlpByDefaultConsoleOrNoneWhenNamed) {
  ScopedEnv unset("OTEL_LOGS_EXPORTER", nullptr);
  auto otlp = otel::logs::log_exporter_from_env();
  EXPECT_NE(dynamic_cast<otel::logs::OtlpLogExporter*>(otlp.get()), nullptr);
  {
    ScopedEnv console("OTEL_LOGS_EXPORTER", "console");
    auto exporter = otel::logs::log_exporter_from_env();
    EXPECT_NE(dynamic_cast<otel::logs::ConsoleLogExporter*>(exporter.get()), nullptr);
  }
  ScopedEnv none("OTEL_LOGS_EXPORTER", "none");
  EXPECT_EQ(otel::logs::log_exporter_from_env(), nullptr);
  EXPECT_EQ(otel::logs::SimpleLogRecordProcessor::create(nullptr), nullptr);
  EXPECT_EQ(otel::logs::BatchLogRecordProcessor::create(nullptr), nullptr);
}

TEST(LoggerProviderCreate, IsDisabledWhenTheSdkIsDisabled) {
  {
    ScopedEnv enabled("OTEL_SDK_DISABLED", nullptr);
    auto provider = otel::logs::LoggerProvider::create(
        otel::Resource(),
        otel::logs::SimpleLogRecordProcessor::create(otel::logs::log_exporter_from_env()));
    EXPECT_TRUE(provider->get_logger("test")->enabled());
  }
  ScopedEnv disabled("OTEL_SDK_DISABLED", "true");
  auto provider = otel::logs::LoggerProvider::create(
      otel::Resource(),
      otel::logs::SimpleLogRecordProcessor::create(otel::logs::log_exporter_from_env()));
  EXPECT_FALSE(provider->get_logger("test")->enabled());
}

TEST(ResourceToString, ListsEveryAttributeSortedByKey) {
  otel::Resource resource(otel::Attributes{{"service.name", "gateway"},
                                           {"deployment.environment.name", "dev"},
                                           {"process.pid", int64_t{42}}});
  EXPECT_EQ(resource.to_string(),
            "deployment.environment.name=dev, process.pid=42, service.name=gateway");
}

// Until set, the global propagator is the one OTEL_PROPAGATORS names (tracecontext and
// baggage by default), so hand-written setups propagate without another call. (Each test
// runs in its own process: the global is made on first use.)
TEST(GlobalPropagator, ComesFromTheEnvironmentUntilSet) {
  ScopedEnv propagators("OTEL_PROPAGATORS", "baggage");
  EXPECT_EQ(otel::propagation::global_propagator()->fields(), std::vector<std::string>{"baggage"});
}

TEST(GlobalPropagator, IsW3cTraceContextAndBaggageByDefault) {
  ScopedEnv propagators("OTEL_PROPAGATORS", nullptr);
  std::vector<std::string> fields = otel::propagation::global_propagator()->fields();
  EXPECT_NE(std::find(fields.begin(), fields.end(), "traceparent"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "baggage"), fields.end());
}

}  // namespace
