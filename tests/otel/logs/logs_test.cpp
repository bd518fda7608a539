// Logger, severities, trace correlation, processors and the spdlog sink.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <thread>

#include "otel/context/context.h"
#include "otel/logs/exporters.h"
#include "otel/logs/logger_provider.h"
#include "otel/spdlog/otel_sink.h"
#include "otel/trace/span.h"

using namespace otel::logs;

namespace {

// Keeps what it is given; optionally slow, to show the batch processor never waits.
class MemoryExporter : public LogRecordExporter {
 public:
  explicit MemoryExporter(std::chrono::milliseconds delay = std::chrono::milliseconds(0))
      : delay_(delay) {}
  otel::ExportResult export_logs(std::span<const LogData> batch) noexcept override {
    std::this_thread::sleep_for(delay_);
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& d : batch) records_.push_back(d);
    ++calls_;
    return otel::ExportResult::kSuccess;
  }
  std::vector<LogData> records() {
    std::lock_guard<std::mutex> lock(mutex_);
    return records_;
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

 private:
  std::chrono::milliseconds delay_;
  std::mutex mutex_;
  std::vector<LogData> records_;
  int calls_ = 0;
};

std::shared_ptr<otel::trace::Span> FakeSpan() {
  auto trace_id = *otel::trace::TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
  auto span_id = *otel::trace::SpanId::from_hex("00f067aa0ba902b7");
  return std::make_shared<otel::trace::Span>(
      otel::trace::SpanContext(trace_id, span_id, otel::trace::TraceFlags(1), false));
}

}  // namespace

TEST(Logs, SeverityNumbersAndTexts) {
  EXPECT_EQ(static_cast<int>(Severity::kTrace), 1);
  EXPECT_EQ(static_cast<int>(Severity::kInfo), 9);
  EXPECT_EQ(static_cast<int>(Severity::kFatal4), 24);
  EXPECT_EQ(severity_text(Severity::kWarn), "WARN");
  EXPECT_EQ(severity_text(Severity::kError3), "ERROR3");
  EXPECT_EQ(severity_text(Severity::kUnspecified), "");
  EXPECT_EQ(severity_from_spdlog(spdlog::level::trace), Severity::kTrace);
  EXPECT_EQ(severity_from_spdlog(spdlog::level::debug), Severity::kDebug);
  EXPECT_EQ(severity_from_spdlog(spdlog::level::info), Severity::kInfo);
  EXPECT_EQ(severity_from_spdlog(spdlog::level::warn), Severity::kWarn);
  EXPECT_EQ(severity_from_spdlog(spdlog::level::err), Severity::kError);
  EXPECT_EQ(severity_from_spdlog(spdlog::level::critical), Severity::kFatal);
  EXPECT_EQ(severity_text_from_spdlog(spdlog::level::warn), "WARNING");
}

TEST(Logs, EmitFillsObservedTimeSeverityTextAndActiveSpan) {
  auto exporter = std::make_shared<MemoryExporter>();
  LoggerProviderOptions options;
  options.processors.push_back(std::make_shared<SimpleLogRecordProcessor>(exporter));
  LoggerProvider provider(options);
  auto logger = provider.get_logger("iss-distance-service", "0.1.0");
  logger->emit(Severity::kInfo, "no span yet");
  {
    auto scope = otel::Context::current().with_span(FakeSpan()).attach();
    logger->emit(Severity::kWarn, "missing latitude", {{"http.route", "/"}});
  }
  auto records = exporter->records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_FALSE(records[0].record.trace_id.is_valid());
  EXPECT_GT(records[0].record.observed_timestamp_ns, 0u);
  EXPECT_EQ(records[0].record.severity_text, "INFO");
  const LogRecord& warn = records[1].record;
  EXPECT_EQ(warn.severity, Severity::kWarn);
  EXPECT_EQ(warn.severity_text, "WARN");
  EXPECT_EQ(*warn.body.as_string(), "missing latitude");
  EXPECT_EQ(warn.trace_id.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(warn.span_id.to_hex(), "00f067aa0ba902b7");
  EXPECT_TRUE(warn.trace_flags.sampled());
  EXPECT_EQ(records[1].origin->scope.name, "iss-distance-service");
}

TEST(Logs, OtlpEncodingGroupsByScopeAndCarriesAllFields) {
  auto exporter = std::make_shared<MemoryExporter>();
  LoggerProviderOptions options;
  options.resource = otel::Resource(otel::Attributes{{"service.name", "svc"}});
  options.processors.push_back(std::make_shared<SimpleLogRecordProcessor>(exporter));
  LoggerProvider provider(options);
  auto scope = otel::Context::current().with_span(FakeSpan()).attach();
  provider.get_logger("a")->emit(Severity::kError, otel::AttributeValue(int64_t{42}),
                                 {{"k", true}});
  provider.get_logger("b")->emit(Severity::kDebug, "x");
  provider.get_logger("a")->emit(Severity::kInfo, "y");
  auto records = exporter->records();
  opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest request;
  to_otlp_request(records, &request);
  ASSERT_EQ(request.resource_logs_size(), 1);
  const auto& rl = request.resource_logs(0);
  EXPECT_EQ(rl.resource().attributes(0).value().string_value(), "svc");
  ASSERT_EQ(rl.scope_logs_size(), 2);
  EXPECT_EQ(rl.scope_logs(0).scope().name(), "a");
  ASSERT_EQ(rl.scope_logs(0).log_records_size(), 2);
  const auto& first = rl.scope_logs(0).log_records(0);
  EXPECT_EQ(first.severity_number(), 17);
  EXPECT_EQ(first.severity_text(), "ERROR");
  EXPECT_EQ(first.body().int_value(), 42);
  EXPECT_EQ(first.attributes(0).key(), "k");
  EXPECT_EQ(first.trace_id().size(), 16u);
  EXPECT_EQ(first.span_id().size(), 8u);
  EXPECT_EQ(first.flags(), 1u);
}

TEST(Logs, BatchProcessorNeverBlocksAndCountsDrops) {
  auto exporter = std::make_shared<MemoryExporter>(std::chrono::milliseconds(100));  // slow
  BatchLogRecordProcessorOptions batch;
  batch.max_queue_size = 100;
  batch.max_export_batch_size = 10;
  batch.schedule_delay = std::chrono::milliseconds(50);
  auto processor = std::make_shared<BatchLogRecordProcessor>(exporter, batch);
  LoggerProviderOptions options;
  options.processors.push_back(processor);
  LoggerProvider provider(options);
  auto logger = provider.get_logger("load");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5000; ++i) logger->emit(Severity::kInfo, "message");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::milliseconds(250)) << "emitting must not wait for the exporter";
  EXPECT_GT(processor->dropped(), 0u);
  EXPECT_TRUE(provider.shutdown(std::chrono::seconds(5)));
  // Everything is accounted for: exported or dropped, nothing lost silently.
  EXPECT_EQ(processor->exported() + processor->dropped(), 5000u);
  EXPECT_EQ(exporter->records().size(), processor->exported());
}

TEST(Logs, BatchProcessorExportsOnScheduleAndOnFlush) {
  auto exporter = std::make_shared<MemoryExporter>();
  BatchLogRecordProcessorOptions batch;
  batch.schedule_delay = std::chrono::milliseconds(100);
  auto processor = std::make_shared<BatchLogRecordProcessor>(exporter, batch);
  LoggerProviderOptions options;
  options.processors.push_back(processor);
  LoggerProvider provider(options);
  provider.get_logger("x")->emit(Severity::kInfo, "one");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (exporter->records().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(exporter->records().size(), 1u);
  provider.get_logger("x")->emit(Severity::kInfo, "two");
  EXPECT_TRUE(provider.force_flush(std::chrono::seconds(2)));
  EXPECT_EQ(exporter->records().size(), 2u);
}

TEST(Logs, ShutdownWithAHungExporterIsBounded) {
  class HungExporter : public LogRecordExporter {
   public:
    otel::ExportResult export_logs(std::span<const LogData>) noexcept override {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait_for(lock, std::chrono::seconds(20), [&] { return released_; });
      return otel::ExportResult::kFailure;
    }
    bool shutdown(std::chrono::milliseconds) noexcept override {
      std::lock_guard<std::mutex> lock(mutex_);
      released_ = true;
      cv_.notify_all();
      return true;
    }

   private:
    std::mutex mutex_;
    std::condition_variable cv_;
    bool released_ = false;
  };
  BatchLogRecordProcessorOptions batch;
  batch.schedule_delay = std::chrono::milliseconds(10);
  auto processor =
      std::make_shared<BatchLogRecordProcessor>(std::make_shared<HungExporter>(), batch);
  LoggerProviderOptions options;
  options.processors.push_back(processor);
  LoggerProvider provider(options);
  provider.get_logger("x")->emit(Severity::kInfo, "stuck");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the export is now hanging
  const auto start = std::chrono::steady_clock::now();
  provider.shutdown(std::chrono::milliseconds(300));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(LogsSpdlog, SinkMapsLevelsScopeSourceLocationAndSpan) {
  auto exporter = std::make_shared<MemoryExporter>();
  LoggerProviderOptions options;
  options.processors.push_back(std::make_shared<SimpleLogRecordProcessor>(exporter));
  auto provider = std::make_shared<LoggerProvider>(options);
  auto sink = std::make_shared<SpdlogSink>(provider);
  spdlog::logger logger("iss-distance-service", sink);
  logger.set_level(spdlog::level::trace);
  logger.info("started application");
  {
    auto scope = otel::Context::current().with_span(FakeSpan()).attach();
    SPDLOG_LOGGER_ERROR(&logger, "ISS endpoint answered {}", 503);
  }
  logger.warn("missing {}", "latitude");
  auto records = exporter->records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].origin->scope.name, "iss-distance-service");
  EXPECT_EQ(records[0].record.severity, Severity::kInfo);
  EXPECT_EQ(records[0].record.severity_text, "INFO");
  EXPECT_EQ(*records[0].record.body.as_string(), "started application");
  EXPECT_EQ(otel::find_attribute(records[0].record.attributes, "code.lineno"), nullptr);
  const LogRecord& error = records[1].record;
  EXPECT_EQ(error.severity, Severity::kError);
  EXPECT_EQ(*error.body.as_string(), "ISS endpoint answered 503");
  EXPECT_EQ(error.trace_id.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  const auto* file = otel::find_attribute(error.attributes, "code.filepath");
  ASSERT_NE(file, nullptr);
  EXPECT_NE(file->as_string()->find("logs_test.cpp"), std::string::npos);
  ASSERT_NE(otel::find_attribute(error.attributes, "code.lineno"), nullptr);
  EXPECT_GT(*otel::find_attribute(error.attributes, "code.lineno")->as_int(), 0);
  ASSERT_NE(otel::find_attribute(error.attributes, "code.function"), nullptr);
  EXPECT_EQ(records[2].record.severity_text, "WARNING");
  EXPECT_FALSE(records[2].record.trace_id.is_valid());
  EXPECT_GT(records[2].record.timestamp_ns, 0u);
}

TEST(LogsSpdlog, SinkFollowsTheGlobalProviderAndIsSilentWhenDisabled) {
  auto sink = std::make_shared<SpdlogSink>();
  spdlog::logger logger("global", sink);
  logger.info("dropped: the global provider is a no-op");  // must not crash
  auto exporter = std::make_shared<MemoryExporter>();
  LoggerProviderOptions options;
  options.processors.push_back(std::make_shared<SimpleLogRecordProcessor>(exporter));
  set_logger_provider(std::make_shared<LoggerProvider>(options));
  logger.info("kept");
  ASSERT_EQ(exporter->records().size(), 1u);
  EXPECT_EQ(*exporter->records()[0].record.body.as_string(), "kept");
}
