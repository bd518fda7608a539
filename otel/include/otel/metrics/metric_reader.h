// Metric readers collect from a MeterProvider. A reader belongs to one provider.
//   - ManualReader: collect() on demand (tests, the Prometheus pull exporter).
//   - PeriodicExportingMetricReader (periodic_reader.h): collects and pushes to an
//     exporter on its own thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include "otel/metrics/metric_exporter.h"

namespace otel::metrics {

namespace detail {
struct ProviderState;
}
class MeterProvider;

class MetricReader {
 public:
  using TemporalitySelector = std::function<AggregationTemporality(InstrumentKind)>;

  explicit MetricReader(TemporalitySelector temporality = nullptr);
  virtual ~MetricReader();
  MetricReader(const MetricReader&) = delete;
  MetricReader& operator=(const MetricReader&) = delete;

  // Runs the observable callbacks and gathers every stream into `out` (cleared first).
  // False when the reader is not registered or was shut down.
  bool collect(ResourceMetricsProto& out);
  AggregationTemporality temporality(InstrumentKind kind) const;

  bool force_flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  bool shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  bool is_shutdown() const { return shutdown_.load(); }

 protected:
  virtual bool on_force_flush(std::chrono::milliseconds /*timeout*/) noexcept { return true; }
  virtual bool on_shutdown(std::chrono::milliseconds /*timeout*/) noexcept { return true; }

 private:
  friend struct detail::ProviderState;
  friend class MeterProvider;
  TemporalitySelector temporality_;
  std::weak_ptr<detail::ProviderState> provider_;
  std::size_t index_ = 0;
  std::atomic<bool> shutdown_{false};
};

class ManualReader : public MetricReader {
 public:
  using MetricReader::MetricReader;
};

// A temporality selector for a preference (e.g. from the environment).
MetricReader::TemporalitySelector temporality_selector_for(TemporalityPreference preference);

}  // namespace otel::metrics
