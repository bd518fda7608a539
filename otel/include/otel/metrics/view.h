// Views: per-instrument changes to what the SDK aggregates and exports (rename, new
// description, histogram buckets, an attribute allow-list, dropping the instrument).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "otel/metrics/instrument_descriptor.h"

namespace otel::metrics {

struct InstrumentSelector {
  // Instrument name, case-insensitive; "*" matches all, a trailing '*' a prefix.
  std::string name = "*";
  std::optional<InstrumentKind> kind;
  std::string meter_name;  // empty: any meter
  std::string unit;        // empty: any unit
};

enum class AggregationType { kDefault, kDrop, kSum, kLastValue, kExplicitBucketHistogram };

struct Aggregation {
  AggregationType type = AggregationType::kDefault;
  std::vector<double> boundaries;  // kExplicitBucketHistogram: strictly increasing
  bool record_min_max = true;

  static Aggregation default_aggregation() { return {}; }  // by instrument kind
  static Aggregation drop() { return {AggregationType::kDrop, {}, true}; }
  static Aggregation sum() { return {AggregationType::kSum, {}, true}; }
  static Aggregation last_value() { return {AggregationType::kLastValue, {}, true}; }
  static Aggregation explicit_buckets(std::vector<double> boundaries, bool record_min_max = true) {
    return {AggregationType::kExplicitBucketHistogram, std::move(boundaries), record_min_max};
  }
};

struct View {
  InstrumentSelector selector;
  std::string name;         // empty: keep the instrument's name (only valid for one instrument)
  std::string description;  // empty: keep the instrument's description
  // Only these attribute keys are kept (absent: all are kept).
  std::optional<std::vector<std::string>> attribute_keys;
  Aggregation aggregation;
  std::optional<std::size_t> cardinality_limit;  // absent: the provider's (2000)
};

bool matches(const InstrumentSelector& selector, const InstrumentDescriptor& instrument,
             const std::string& meter_name);

}  // namespace otel::metrics
