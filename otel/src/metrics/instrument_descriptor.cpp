#include "otel/metrics/instrument_descriptor.h"

#include "otel/common/env.h"
#include "otel/common/internal_log.h"

namespace otel::metrics {

AggregationTemporality temporality_for(InstrumentKind kind, TemporalityPreference preference) {
  using K = InstrumentKind;
  switch (preference) {
    case TemporalityPreference::kCumulative:
      return AggregationTemporality::kCumulative;
    case TemporalityPreference::kDelta:
      return (kind == K::kCounter || kind == K::kObservableCounter || kind == K::kHistogram)
                 ? AggregationTemporality::kDelta
                 : AggregationTemporality::kCumulative;
    case TemporalityPreference::kLowMemory:
      return (kind == K::kCounter || kind == K::kHistogram) ? AggregationTemporality::kDelta
                                                            : AggregationTemporality::kCumulative;
  }
  return AggregationTemporality::kCumulative;
}

TemporalityPreference parse_temporality_preference(const std::string& text) {
  const std::string value = env::to_lower(env::trim(text));
  if (value.empty() || value == "cumulative") return TemporalityPreference::kCumulative;
  if (value == "delta") return TemporalityPreference::kDelta;
  if (value == "lowmemory") return TemporalityPreference::kLowMemory;
  internal::warn("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: unknown value '" + value +
                 "' (expected cumulative, delta or lowmemory); using cumulative");
  return TemporalityPreference::kCumulative;
}

const char* to_string(InstrumentKind kind) {
  switch (kind) {
    case InstrumentKind::kCounter:
      return "Counter";
    case InstrumentKind::kUpDownCounter:
      return "UpDownCounter";
    case InstrumentKind::kHistogram:
      return "Histogram";
    case InstrumentKind::kGauge:
      return "Gauge";
    case InstrumentKind::kObservableCounter:
      return "ObservableCounter";
    case InstrumentKind::kObservableUpDownCounter:
      return "ObservableUpDownCounter";
    case InstrumentKind::kObservableGauge:
      return "ObservableGauge";
  }
  return "Unknown";
}

const std::vector<double>& default_histogram_boundaries() {
  static const std::vector<double> kBoundaries = {0,   5,   10,   25,   50,   75,   100,  250,
                                                  500, 750, 1000, 2500, 5000, 7500, 10000};
  return kBoundaries;
}

}  // namespace otel::metrics
