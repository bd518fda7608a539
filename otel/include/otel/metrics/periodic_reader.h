// PeriodicExportingMetricReader: collects every `interval` on its own thread and hands
// the result to a push exporter. Instruments never wait for it: collection only
// swaps atomics, and the export (network) runs on the reader's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

#include "otel/metrics/metric_reader.h"

namespace otel::internal {
class BackgroundWorker;
}

namespace otel::metrics {

struct PeriodicReaderOptions {
  std::chrono::milliseconds interval{60000};  // OTEL_METRIC_EXPORT_INTERVAL
  std::chrono::milliseconds timeout{30000};   // OTEL_METRIC_EXPORT_TIMEOUT
  static PeriodicReaderOptions from_env();
};

class PeriodicExportingMetricReader : public MetricReader {
 public:
  explicit PeriodicExportingMetricReader(
      std::shared_ptr<MetricExporter> exporter,
      PeriodicReaderOptions options = PeriodicReaderOptions::from_env());
  ~PeriodicExportingMetricReader() override;
  // Exports to `exporter` every `export_interval` (OTEL_METRIC_EXPORT_INTERVAL, when
  // set, wins: a deployment can change the pace without a rebuild), each export bounded
  // by OTEL_METRIC_EXPORT_TIMEOUT. nullptr when there is no exporter (e.g. "none").
  static std::shared_ptr<MetricReader> create(std::shared_ptr<MetricExporter> exporter,
                                              std::chrono::milliseconds export_interval);

  struct Stats {
    std::uint64_t exports = 0;         // export calls made
    std::uint64_t failed_exports = 0;  // of which failed (their points are lost)
  };
  Stats stats() const;

 protected:
  // Collects and exports now; waits at most `timeout` for that export to finish.
  bool on_force_flush(std::chrono::milliseconds timeout) noexcept override;
  // A final collect + export, then the exporter's shutdown; bounded by `timeout`.
  bool on_shutdown(std::chrono::milliseconds timeout) noexcept override;

 private:
  void collect_and_export();  // on the worker thread

  std::shared_ptr<MetricExporter> exporter_;
  PeriodicReaderOptions options_;
  mutable std::mutex stats_mutex_;
  Stats stats_;
  std::unique_ptr<internal::BackgroundWorker> worker_;  // last: stops before the rest goes
};

}  // namespace otel::metrics
