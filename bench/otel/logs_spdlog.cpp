// One log record emitted through spdlog (OTel sink) into the batch processor, with
// baselines measured in the same run so results compare as ratios on a shared machine:
//   - spdlog with a null sink (formatting and spdlog's own work only),
//   - the OTel sink into the simple processor (no queue, no worker thread),
//   - the OTel sink into the batch processor (the target: <= 500 ns per record).
// Exporters do nothing, so this is the caller's cost plus the worker's on 2 cores
// (real time). The batch benchmarks report the records the bounded queue dropped
// (`dropped`) and exported (`exported`) as counters: a drop means the worker did not
// keep up, and a dropped record is cheaper than a queued one, so both must be read.
#include <benchmark/benchmark.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <time.h>

#include <algorithm>

#include "otel/logs/logger_provider.h"
#include "otel/spdlog/otel_sink.h"

namespace {

class NullExporter : public otel::logs::LogRecordExporter {
 public:
  otel::ExportResult export_logs(std::span<const otel::logs::LogData>) noexcept override {
    return otel::ExportResult::kSuccess;
  }
};

std::shared_ptr<otel::logs::LoggerProvider> ProviderWith(
    std::shared_ptr<otel::logs::LogRecordProcessor> processor) {
  otel::logs::LoggerProviderOptions options;
  options.resource = otel::Resource::empty();
  options.processors.push_back(std::move(processor));
  return std::make_shared<otel::logs::LoggerProvider>(options);
}

void BM_SpdlogNullSink(benchmark::State& state) {
  spdlog::logger logger("bench", std::make_shared<spdlog::sinks::null_sink_st>());
  int i = 0;
  for (auto _ : state) logger.info("received request from IP address: {}", ++i);
}
BENCHMARK(BM_SpdlogNullSink)->UseRealTime();

void BM_SpdlogToSimpleProcessor(benchmark::State& state) {
  auto provider = ProviderWith(
      std::make_shared<otel::logs::SimpleLogRecordProcessor>(std::make_shared<NullExporter>()));
  spdlog::logger logger("bench", std::make_shared<otel::logs::SpdlogSink>(provider));
  int i = 0;
  for (auto _ : state) logger.info("received request from IP address: {}", ++i);
  provider->shutdown(std::chrono::seconds(5));
}
BENCHMARK(BM_SpdlogToSimpleProcessor)->UseRealTime();

double CpuSeconds(clockid_t clock) {
  timespec t{};
  clock_gettime(clock, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// CPU the process spent outside the benchmark thread (the processor's worker: nothing
// else runs here) while the loop ran: shows whether a worker is too slow to keep up.
class WorkerCpu {
 public:
  WorkerCpu()
      : process_(CpuSeconds(CLOCK_PROCESS_CPUTIME_ID)),
        thread_(CpuSeconds(CLOCK_THREAD_CPUTIME_ID)) {}
  double Seconds() const {
    return (CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - process_) -
           (CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - thread_);
  }

 private:
  double process_, thread_;
};

void ReportQueue(benchmark::State& state, otel::logs::BatchLogRecordProcessor& processor,
                 const WorkerCpu& worker) {
  processor.force_flush(std::chrono::seconds(5));
  state.counters["dropped"] = static_cast<double>(processor.dropped());
  state.counters["exported"] = static_cast<double>(processor.exported());
  state.counters["worker_ns"] =  // worker CPU per exported record
      worker.Seconds() * 1e9 / static_cast<double>(std::max<uint64_t>(processor.exported(), 1));
}

void BM_SpdlogToBatchProcessor(benchmark::State& state) {
  otel::logs::BatchLogRecordProcessorOptions batch;  // the specification's defaults
  batch.max_queue_size = 2048;
  batch.max_export_batch_size = 512;
  batch.schedule_delay = std::chrono::milliseconds(1000);
  auto processor = std::make_shared<otel::logs::BatchLogRecordProcessor>(
      std::make_shared<NullExporter>(), batch);
  auto provider = ProviderWith(processor);
  spdlog::logger logger("bench", std::make_shared<otel::logs::SpdlogSink>(provider));
  int i = 0;
  const WorkerCpu worker;
  for (auto _ : state) logger.info("received request from IP address: {}", ++i);
  ReportQueue(state, *processor, worker);
  provider->shutdown(std::chrono::seconds(5));
}
BENCHMARK(BM_SpdlogToBatchProcessor)->UseRealTime();

// The same with source location (SPDLOG_LOGGER_INFO): three more attributes.
void BM_SpdlogWithSourceToBatchProcessor(benchmark::State& state) {
  auto processor = std::make_shared<otel::logs::BatchLogRecordProcessor>(
      std::make_shared<NullExporter>(), otel::logs::BatchLogRecordProcessorOptions{});
  auto provider = ProviderWith(processor);
  auto logger =
      std::make_shared<spdlog::logger>("bench", std::make_shared<otel::logs::SpdlogSink>(provider));
  int i = 0;
  const WorkerCpu worker;
  for (auto _ : state) SPDLOG_LOGGER_INFO(logger, "received request from IP address: {}", ++i);
  ReportQueue(state, *processor, worker);
  provider->shutdown(std::chrono::seconds(5));
}
BENCHMARK(BM_SpdlogWithSourceToBatchProcessor)->UseRealTime();

void BM_LoggerEmitToBatchProcessor(benchmark::State& state) {
  auto processor = std::make_shared<otel::logs::BatchLogRecordProcessor>(
      std::make_shared<NullExporter>(), otel::logs::BatchLogRecordProcessorOptions{});
  auto provider = ProviderWith(processor);
  auto logger = provider->get_logger("bench");
  const WorkerCpu worker;
  for (auto _ : state) logger->emit(otel::logs::Severity::kInfo, "received request");
  ReportQueue(state, *processor, worker);
  provider->shutdown(std::chrono::seconds(5));
}
BENCHMARK(BM_LoggerEmitToBatchProcessor)->UseRealTime();

}  // namespace
