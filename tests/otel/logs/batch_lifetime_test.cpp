// The batch processor's recycled buffers and the logger/sink caches: every record
// leaves exactly once, in order, with its own fields (never a stale record's); loggers
// outliving their provider are harmless; the spdlog sink keeps scopes apart under
// concurrency and follows a replaced global provider.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "otel/logs/logger_provider.h"
#include "otel/spdlog/otel_sink.h"

using namespace otel::logs;

namespace {

class CollectingExporter : public LogRecordExporter {
 public:
  otel::ExportResult export_logs(std::span<const LogData> batch) noexcept override {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& d : batch) records_.push_back(d);
    return otel::ExportResult::kSuccess;
  }
  std::vector<LogData> records() {
    std::lock_guard<std::mutex> lock(mutex_);
    return records_;
  }

 private:
  std::mutex mutex_;
  std::vector<LogData> records_;
};

std::shared_ptr<LoggerProvider> ProviderWith(std::shared_ptr<LogRecordProcessor> processor) {
  LoggerProviderOptions options;
  options.resource = otel::Resource::empty();
  options.processors.push_back(std::move(processor));
  return std::make_shared<LoggerProvider>(options);
}

}  // namespace

TEST(LogsBatch, EveryRecordLeavesOnceInOrderWithItsOwnFieldsAcrossManySwaps) {
  auto exporter = std::make_shared<CollectingExporter>();
  BatchLogRecordProcessorOptions batch;
  batch.max_queue_size = 64;  // small buffers: 5000 records reuse every slot many times
  batch.max_export_batch_size = 16;
  batch.schedule_delay = std::chrono::milliseconds(5);
  auto processor = std::make_shared<BatchLogRecordProcessor>(exporter, batch);
  auto provider = ProviderWith(processor);
  auto logger = provider->get_logger("swaps");
  constexpr int kRecords = 5000;
  for (int i = 0; i < kRecords; ++i) {
    // Alternate shapes so a slot's previous (longer) record must be fully replaced.
    otel::Attributes attributes;
    if (i % 2 == 0) attributes = {{"even", i}, {"padding", std::string(100, 'p')}};
    logger->emit(i % 3 == 0 ? Severity::kWarn : Severity::kInfo,
                 "record " + std::to_string(i) + (i % 2 == 0 ? std::string(64, '.') : ""),
                 std::move(attributes));
    if (i % 40 == 39) {
      ASSERT_TRUE(provider->force_flush(std::chrono::seconds(5)));
    }
  }
  ASSERT_TRUE(provider->shutdown(std::chrono::seconds(5)));
  ASSERT_EQ(processor->dropped(), 0u);
  const auto records = exporter->records();
  ASSERT_EQ(records.size(), static_cast<size_t>(kRecords));
  EXPECT_EQ(processor->exported(), static_cast<uint64_t>(kRecords));
  for (int i = 0; i < kRecords; ++i) {
    const LogRecord& r = records[static_cast<size_t>(i)].record;
    ASSERT_EQ(*r.body.as_string(),
              "record " + std::to_string(i) + (i % 2 == 0 ? std::string(64, '.') : ""));
    ASSERT_EQ(r.attributes.size(), i % 2 == 0 ? 2u : 0u) << i;
    if (i % 2 == 0) {
      EXPECT_EQ(*r.attributes[0].value.as_int(), i);
    }
    ASSERT_EQ(r.severity, i % 3 == 0 ? Severity::kWarn : Severity::kInfo) << i;
    EXPECT_EQ(records[static_cast<size_t>(i)].origin->scope.name, "swaps");
  }
}

TEST(LogsLifetime, ALoggerOutlivingItsProviderIsDisabledAndHarmless) {
  auto exporter = std::make_shared<CollectingExporter>();
  std::shared_ptr<Logger> logger;
  {
    auto provider = ProviderWith(std::make_shared<SimpleLogRecordProcessor>(exporter));
    logger = provider->get_logger("survivor");
    logger->emit(Severity::kInfo, "before");
    EXPECT_TRUE(logger->enabled());
  }
  EXPECT_FALSE(logger->enabled());
  logger->emit(Severity::kInfo, "after");  // no crash, nothing exported
  ASSERT_EQ(exporter->records().size(), 1u);
  EXPECT_EQ(*exporter->records()[0].record.body.as_string(), "before");
}

TEST(LogsSpdlog, ConcurrentLoggersKeepTheirScopesAndEveryRecordArrives) {
  auto exporter = std::make_shared<CollectingExporter>();
  auto provider = ProviderWith(std::make_shared<SimpleLogRecordProcessor>(exporter));
  auto sink = std::make_shared<SpdlogSink>(provider);
  constexpr int kThreads = 4, kPerThread = 500;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Two names per thread, shared across threads: the sink's cache grows while used.
      spdlog::logger a("component-" + std::to_string(t % 2), sink);
      spdlog::logger b("component-" + std::to_string(2 + t % 2), sink);
      for (int i = 0; i < kPerThread; ++i) (i % 2 ? a : b).info("{} {}", t, i);
    });
  }
  for (auto& thread : threads) thread.join();
  const auto records = exporter->records();
  ASSERT_EQ(records.size(), static_cast<size_t>(kThreads * kPerThread));
  std::map<std::string, int> per_scope;
  for (const auto& d : records) {
    const std::string& scope = d.origin->scope.name;
    ++per_scope[scope];
    // The body "t i" says which logger wrote it: odd i -> a, even i -> b.
    int t = 0, i = 0;
    ASSERT_EQ(std::sscanf(d.record.body.as_string()->c_str(), "%d %d", &t, &i), 2);
    const std::string expected = "component-" + std::to_string(i % 2 ? t % 2 : 2 + t % 2);
    ASSERT_EQ(scope, expected) << *d.record.body.as_string();
  }
  EXPECT_EQ(per_scope.size(), 4u);
  // The same name from several threads gives one Logger, so one scope object.
  EXPECT_EQ(provider->get_logger("component-0"), provider->get_logger("component-0"));
}

TEST(LogsSpdlog, SinkMovesToAReplacedGlobalProvider) {
  auto first = std::make_shared<CollectingExporter>();
  auto second = std::make_shared<CollectingExporter>();
  auto sink = std::make_shared<SpdlogSink>();  // follows the global provider
  spdlog::logger logger("global-follower", sink);
  set_logger_provider(ProviderWith(std::make_shared<SimpleLogRecordProcessor>(first)));
  logger.info("to the first");
  set_logger_provider(ProviderWith(std::make_shared<SimpleLogRecordProcessor>(second)));
  logger.info("to the second");
  // Leave a disabled global provider behind for the other tests in this process.
  set_logger_provider(
      std::make_shared<LoggerProvider>(LoggerProviderOptions{otel::Resource::empty(), {}, false}));
  logger.info("to nobody");
  ASSERT_EQ(first->records().size(), 1u);
  EXPECT_EQ(*first->records()[0].record.body.as_string(), "to the first");
  ASSERT_EQ(second->records().size(), 1u);
  EXPECT_EQ(*second->records()[0].record.body.as_string(), "to the second");
  EXPECT_EQ(second->records()[0].origin->scope.name, "global-follower");
}

TEST(LogsBatch, ShutdownFromInsideAnExportNeitherDeadlocksNorCrashes) {
  // An exporter that shuts its own provider down while exporting (e.g. an application's
  // "fatal error" hook): the worker must not wait for itself.
  class ShuttingDownExporter : public LogRecordExporter {
   public:
    otel::ExportResult export_logs(std::span<const LogData> batch) noexcept override {
      exported += batch.size();
      if (auto p = provider.lock()) p->shutdown(std::chrono::seconds(5));
      return otel::ExportResult::kSuccess;
    }
    std::weak_ptr<LoggerProvider> provider;
    std::atomic<size_t> exported{0};
  };
  auto exporter = std::make_shared<ShuttingDownExporter>();
  BatchLogRecordProcessorOptions batch;
  batch.schedule_delay = std::chrono::milliseconds(10);
  auto provider = ProviderWith(std::make_shared<BatchLogRecordProcessor>(exporter, batch));
  exporter->provider = provider;
  const auto start = std::chrono::steady_clock::now();
  provider->get_logger("x")->emit(Severity::kFatal, "shutting down");
  while (exporter->exported == 0 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(3))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(exporter->exported, 1u);
  provider->get_logger("x")->emit(Severity::kInfo, "after shutdown: dropped");
  provider.reset();  // joins the worker from this thread
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}
