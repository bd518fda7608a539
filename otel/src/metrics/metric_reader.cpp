#include "otel/metrics/metric_reader.h"

#include "metrics/provider_state.h"

namespace otel::metrics {

MetricReader::MetricReader(TemporalitySelector temporality)
    : temporality_(std::move(temporality)) {}
MetricReader::~MetricReader() = default;

AggregationTemporality MetricReader::temporality(InstrumentKind kind) const {
  return temporality_ ? temporality_(kind) : AggregationTemporality::kCumulative;
}

bool MetricReader::collect(ResourceMetricsProto& out) {
  out.Clear();
  if (shutdown_.load()) return false;
  auto provider = provider_.lock();
  if (!provider) return false;
  return provider->collect(index_, out);
}

bool MetricReader::force_flush(std::chrono::milliseconds timeout) {
  if (shutdown_.load()) return false;
  return on_force_flush(timeout);
}

bool MetricReader::shutdown(std::chrono::milliseconds timeout) {
  if (shutdown_.load()) return true;
  const bool ok = on_shutdown(timeout);  // may still collect (a final export)
  shutdown_.store(true);
  return ok;
}

MetricReader::TemporalitySelector temporality_selector_for(TemporalityPreference preference) {
  return [preference](InstrumentKind kind) { return temporality_for(kind, preference); };
}

}  // namespace otel::metrics
