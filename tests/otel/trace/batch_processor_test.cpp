#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <thread>

#include "otel/trace/batch_span_processor.h"
#include "otel/trace/tracer_provider.h"

using namespace otel::trace;
using namespace std::chrono_literals;

namespace {

// Counts exported spans; can be made to block (a stuck network call).
class CountingExporter final : public SpanExporter {
 public:
  struct Shared {
    std::atomic<int> exported{0};
    std::atomic<int> batches{0};
    std::atomic<int> max_batch{0};
    std::atomic<bool> block{false};
    std::atomic<bool> shut_down{false};
  };
  explicit CountingExporter(std::shared_ptr<Shared> s) : s_(std::move(s)) {}
  otel::ExportResult export_spans(const SpanBatch& spans) noexcept override {
    while (s_->block.load()) std::this_thread::sleep_for(5ms);
    s_->exported += static_cast<int>(spans.size());
    s_->batches++;
    s_->max_batch = std::max<int>(s_->max_batch, static_cast<int>(spans.size()));
    return otel::ExportResult::kSuccess;
  }
  bool shutdown(std::chrono::milliseconds) noexcept override {
    s_->shut_down = true;
    return true;
  }

 private:
  std::shared_ptr<Shared> s_;
};

std::shared_ptr<const SpanData> sampled_span() {
  auto d = std::make_shared<SpanData>();
  d->context = SpanContext(TraceId{{1}}, SpanId{{1}}, TraceFlags(1), false);
  return d;
}

}  // namespace

TEST(BatchSpanProcessor, ExportsOnFlushInBatches) {
  auto shared = std::make_shared<CountingExporter::Shared>();
  BatchSpanProcessorOptions options;
  options.max_export_batch_size = 10;
  options.schedule_delay = 60s;
  BatchSpanProcessor processor(std::make_unique<CountingExporter>(shared), options);
  for (int i = 0; i < 35; ++i) processor.on_end(sampled_span());
  EXPECT_TRUE(processor.force_flush(5s));
  EXPECT_EQ(shared->exported.load(), 35);
  EXPECT_LE(shared->max_batch.load(), 10);
  EXPECT_EQ(processor.exported_spans(), 35u);
  EXPECT_TRUE(processor.shutdown(5s));
  EXPECT_TRUE(shared->shut_down.load());
}

TEST(BatchSpanProcessor, FullBatchWakesTheWorkerBeforeTheDelay) {
  auto shared = std::make_shared<CountingExporter::Shared>();
  BatchSpanProcessorOptions options;
  options.max_export_batch_size = 8;
  options.schedule_delay = 60s;
  BatchSpanProcessor processor(std::make_unique<CountingExporter>(shared), options);
  for (int i = 0; i < 8; ++i) processor.on_end(sampled_span());
  for (int i = 0; i < 200 && shared->exported.load() < 8; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(shared->exported.load(), 8);
}

// Under steady traffic the worker exports full batches only: a remainder waits for the
// next full batch, the schedule delay or a flush, instead of each wake-up draining the
// queue into a dribble of small exports (one gRPC call per handful of spans).
TEST(BatchSpanProcessor, FullBatchWakeUpsExportFullBatchesOnly) {
  auto shared = std::make_shared<CountingExporter::Shared>();
  shared->block = true;  // let the queue fill past two batches before anything exports
  BatchSpanProcessorOptions options;
  options.max_export_batch_size = 10;
  options.schedule_delay = 60s;
  BatchSpanProcessor processor(std::make_unique<CountingExporter>(shared), options);
  for (int i = 0; i < 25; ++i) processor.on_end(sampled_span());
  shared->block = false;
  for (int i = 0; i < 300 && shared->exported.load() < 20; ++i) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(100ms);  // time to (wrongly) export the remainder too
  EXPECT_EQ(shared->exported.load(), 20);
  EXPECT_EQ(shared->batches.load(), 2);
  EXPECT_EQ(shared->max_batch.load(), 10);
  EXPECT_TRUE(processor.force_flush(5s));  // a flush takes the remainder
  EXPECT_EQ(shared->exported.load(), 25);
  EXPECT_EQ(shared->batches.load(), 3);
}

TEST(BatchSpanProcessor, ScheduleDelayExportsAPartialBatch) {
  auto shared = std::make_shared<CountingExporter::Shared>();
  BatchSpanProcessorOptions options;
  options.max_export_batch_size = 100;
  options.schedule_delay = 50ms;
  BatchSpanProcessor processor(std::make_unique<CountingExporter>(shared), options);
  for (int i = 0; i < 3; ++i) processor.on_end(sampled_span());
  for (int i = 0; i < 300 && shared->exported.load() < 3; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(shared->exported.load(), 3);
  EXPECT_EQ(shared->batches.load(), 1);
}

TEST(BatchSpanProcessor, DropsAndCountsWhenFullWithoutBlocking) {
  auto shared = std::make_shared<CountingExporter::Shared>();
  shared->block = true;  // the exporter is stuck
  BatchSpanProcessorOptions options;
  options.max_queue_size = 16;
  options.max_export_batch_size = 4;
  options.schedule_delay = 1ms;
  BatchSpanProcessor processor(std::make_unique<CountingExporter>(shared), options);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) processor.on_end(sampled_span());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  EXPECT_GE(processor.dropped_spans(), 1000u - 16u - 4u);
  // Flush and shutdown give up at their timeouts while the exporter is stuck.
  const auto flush_start = std::chrono::steady_clock::now();
  EXPECT_FALSE(processor.force_flush(100ms));
  EXPECT_FALSE(processor.shutdown(100ms));
  EXPECT_LT(std::chrono::steady_clock::now() - flush_start, 2s);
  shared->block = false;  // the detached worker finishes on its own
}

TEST(BatchSpanProcessor, UnsampledSpansAreNotExported) {
  auto shared = std::make_shared<CountingExporter::Shared>();
  BatchSpanProcessor processor(std::make_unique<CountingExporter>(shared));
  auto d = std::make_shared<SpanData>();
  d->context = SpanContext(TraceId{{1}}, SpanId{{1}}, TraceFlags(0), false);
  processor.on_end(d);
  EXPECT_TRUE(processor.force_flush(5s));
  EXPECT_EQ(shared->exported.load(), 0);
}

TEST(BatchSpanProcessor, TwoThreadsEnqueueEverythingExportedOnce) {
  auto shared = std::make_shared<CountingExporter::Shared>();
  BatchSpanProcessorOptions options;
  options.max_queue_size = 1 << 16;
  BatchSpanProcessor processor(std::make_unique<CountingExporter>(shared), options);
  auto work = [&] {
    for (int i = 0; i < 20000; ++i) processor.on_end(sampled_span());
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  EXPECT_TRUE(processor.shutdown(10s));
  EXPECT_EQ(shared->exported.load() + static_cast<int>(processor.dropped_spans()), 40000);
  EXPECT_EQ(processor.dropped_spans(), 0u);
}

TEST(BatchSpanProcessor, SpansAfterShutdownAreDropped) {
  auto shared = std::make_shared<CountingExporter::Shared>();
  BatchSpanProcessor processor(std::make_unique<CountingExporter>(shared));
  EXPECT_TRUE(processor.shutdown(5s));
  processor.on_end(sampled_span());
  EXPECT_EQ(processor.dropped_spans(), 1u);
}

TEST(BatchSpanProcessor, WorksInAForkedChild) {
  auto shared = std::make_shared<CountingExporter::Shared>();
  BatchSpanProcessorOptions options;
  options.schedule_delay = 60s;
  BatchSpanProcessor processor(std::make_unique<CountingExporter>(shared), options);
  processor.on_end(sampled_span());  // queued in the parent, flushed by the parent
  const pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 5; ++i) processor.on_end(sampled_span());
    const bool flushed = processor.force_flush(5s);
    _exit(flushed && shared->exported.load() == 5 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(processor.force_flush(5s));
  EXPECT_EQ(shared->exported.load(), 1);
}

TEST(BatchSpanProcessor, EnvOptions) {
  setenv("OTEL_BSP_MAX_QUEUE_SIZE", "100", 1);
  setenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "500", 1);
  setenv("OTEL_BSP_SCHEDULE_DELAY", "250", 1);
  setenv("OTEL_BSP_EXPORT_TIMEOUT", "bogus", 1);
  auto o = BatchSpanProcessorOptions::from_env();
  EXPECT_EQ(o.max_queue_size, 100u);
  EXPECT_EQ(o.max_export_batch_size, 100u);  // capped at the queue size
  EXPECT_EQ(o.schedule_delay, 250ms);
  EXPECT_EQ(o.export_timeout, 30000ms);
  for (auto n : {"OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
                 "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_EXPORT_TIMEOUT"})
    unsetenv(n);
  auto d = BatchSpanProcessorOptions::from_env();
  EXPECT_EQ(d.max_queue_size, 2048u);
  EXPECT_EQ(d.max_export_batch_size, 512u);
  EXPECT_EQ(d.schedule_delay, 5000ms);
}

// Exported spans stay in their queue slots (so producers free them), and a span keeps its
// provider alive: the worker must let go of them when it stops, or provider, processor
// and exporter would keep each other alive forever.
TEST(BatchSpanProcessor, ProviderIsFreedAfterShutdownDespiteSpansKeptInSlots) {
  struct Flags {
    std::atomic<int> exported{0};
    std::atomic<bool> destroyed{false};
  };
  class TrackedExporter final : public SpanExporter {
   public:
    explicit TrackedExporter(std::shared_ptr<Flags> f) : f_(std::move(f)) {}
    ~TrackedExporter() override { f_->destroyed = true; }
    otel::ExportResult export_spans(const SpanBatch& spans) noexcept override {
      f_->exported += static_cast<int>(spans.size());
      return otel::ExportResult::kSuccess;
    }
    bool shutdown(std::chrono::milliseconds) noexcept override { return true; }

   private:
    std::shared_ptr<Flags> f_;
  };
  auto flags = std::make_shared<Flags>();
  {
    BatchSpanProcessorOptions options;
    options.max_queue_size = 16;
    options.max_export_batch_size = 4;
    TracerProviderOptions provider_options;
    provider_options.processors.push_back(
        std::make_unique<BatchSpanProcessor>(std::make_unique<TrackedExporter>(flags), options));
    auto provider = TracerProvider::create(std::move(provider_options));
    auto tracer = provider->get_tracer("slots");
    for (int i = 0; i < 40; ++i) {  // more than two laps of the 16 slots
      tracer->start_span("s")->end();
      if (i % 8 == 7) {
        EXPECT_TRUE(provider->force_flush(5s));
      }
    }
    EXPECT_EQ(flags->exported.load(), 40);
    EXPECT_FALSE(flags->destroyed.load());
  }  // provider and tracer gone: shutdown, then everything is released
  for (int i = 0; i < 200 && !flags->destroyed.load(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(flags->destroyed.load());
}
