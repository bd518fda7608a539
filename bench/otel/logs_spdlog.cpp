// One log record emitted through spdlog (OTel sink) into the batch processor. The
// exporter does nothing, so this measures the caller's cost: formatting, record
// building, trace-context lookup and the enqueue.
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include "otel/logs/logger_provider.h"
#include "otel/spdlog/otel_sink.h"

namespace {

class NullExporter : public otel::logs::LogRecordExporter {
 public:
  otel::ExportResult export_logs(std::span<const otel::logs::LogData>) override {
    return otel::ExportResult::kSuccess;
  }
};

void BM_SpdlogToBatchProcessor(benchmark::State& state) {
  otel::logs::BatchLogRecordProcessorOptions batch;
  batch.max_queue_size = 2048;
  batch.max_export_batch_size = 512;
  batch.schedule_delay = std::chrono::milliseconds(1000);
  auto processor = std::make_shared<otel::logs::BatchLogRecordProcessor>(
      std::make_shared<NullExporter>(), batch);
  otel::logs::LoggerProviderOptions options;
  options.resource = otel::Resource::empty();
  options.processors.push_back(processor);
  auto provider = std::make_shared<otel::logs::LoggerProvider>(options);
  spdlog::logger logger("bench", std::make_shared<otel::logs::SpdlogSink>(provider));
  int i = 0;
  for (auto _ : state) logger.info("received request from IP address: {}", ++i);
  state.counters["dropped"] = static_cast<double>(processor->dropped());
  provider->shutdown(std::chrono::seconds(5));
}
BENCHMARK(BM_SpdlogToBatchProcessor)->UseRealTime();

void BM_LoggerEmitToBatchProcessor(benchmark::State& state) {
  auto processor = std::make_shared<otel::logs::BatchLogRecordProcessor>(
      std::make_shared<NullExporter>(), otel::logs::BatchLogRecordProcessorOptions{});
  otel::logs::LoggerProviderOptions options;
  options.resource = otel::Resource::empty();
  options.processors.push_back(processor);
  auto provider = std::make_shared<otel::logs::LoggerProvider>(options);
  auto logger = provider->get_logger("bench");
  for (auto _ : state) logger->emit(otel::logs::Severity::kInfo, "received request");
  state.counters["dropped"] = static_cast<double>(processor->dropped());
  provider->shutdown(std::chrono::seconds(5));
}
BENCHMARK(BM_LoggerEmitToBatchProcessor)->UseRealTime();

}  // namespace
