// What an instrument is: its kind, number type, name, unit, description and advice.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace otel::metrics {

enum class InstrumentKind {
  kCounter,
  kUpDownCounter,
  kHistogram,
  kGauge,
  kObservableCounter,
  kObservableUpDownCounter,
  kObservableGauge,
};

enum class ValueType { kInt64, kDouble };

enum class AggregationTemporality { kCumulative, kDelta };

// OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: cumulative | delta | lowmemory.
enum class TemporalityPreference { kCumulative, kDelta, kLowMemory };

// The specification's table: delta for (observable) counters and histograms under
// "delta", for synchronous counters and histograms only under "lowmemory";
// up-down counters are always cumulative; gauges have no temporality (cumulative here).
AggregationTemporality temporality_for(InstrumentKind kind, TemporalityPreference preference);

// Parses the env value (case-insensitive); unknown values warn and give cumulative.
TemporalityPreference parse_temporality_preference(const std::string& text);

const char* to_string(InstrumentKind kind);

// Optional parameters an instrument's author recommends (the API's "advisory
// parameters"); a view overrides them.
struct InstrumentAdvice {
  // Histogram bucket boundaries, e.g. the HTTP semantic conventions' seconds buckets.
  std::optional<std::vector<double>> explicit_bucket_boundaries;
};

struct InstrumentDescriptor {
  std::string name;
  std::string description;
  std::string unit;
  InstrumentKind kind = InstrumentKind::kCounter;
  ValueType value_type = ValueType::kInt64;
  InstrumentAdvice advice;
};

// 0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000.
const std::vector<double>& default_histogram_boundaries();

}  // namespace otel::metrics
