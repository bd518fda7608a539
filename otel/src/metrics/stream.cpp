#include "metrics/metric_storage.h"

namespace otel::metrics::detail {

std::optional<StreamConfig> resolve_stream(const InstrumentDescriptor& instrument, const View* view,
                                           std::size_t default_cardinality_limit) {
  StreamConfig config;
  config.name = instrument.name;
  config.description = instrument.description;
  config.unit = instrument.unit;
  config.kind = instrument.kind;
  config.value_type = instrument.value_type;
  config.cardinality_limit = default_cardinality_limit;

  AggregationType aggregation = view ? view->aggregation.type : AggregationType::kDefault;
  if (aggregation == AggregationType::kDrop) return std::nullopt;
  if (aggregation == AggregationType::kDefault) {
    switch (instrument.kind) {
      case InstrumentKind::kHistogram:
        aggregation = AggregationType::kExplicitBucketHistogram;
        break;
      case InstrumentKind::kGauge:
      case InstrumentKind::kObservableGauge:
        aggregation = AggregationType::kLastValue;
        break;
      default:
        aggregation = AggregationType::kSum;
    }
  }
  const bool observable = instrument.kind == InstrumentKind::kObservableCounter ||
                          instrument.kind == InstrumentKind::kObservableUpDownCounter ||
                          instrument.kind == InstrumentKind::kObservableGauge;
  if (observable && aggregation == AggregationType::kExplicitBucketHistogram) {
    aggregation = instrument.kind == InstrumentKind::kObservableGauge ? AggregationType::kLastValue
                                                                      : AggregationType::kSum;
  }
  config.aggregation = aggregation;

  if (aggregation == AggregationType::kExplicitBucketHistogram) {
    if (view && view->aggregation.type == AggregationType::kExplicitBucketHistogram) {
      config.boundaries = view->aggregation.boundaries;
      config.record_min_max = view->aggregation.record_min_max;
    } else if (instrument.advice.explicit_bucket_boundaries) {
      config.boundaries = *instrument.advice.explicit_bucket_boundaries;
    } else {
      config.boundaries = default_histogram_boundaries();
    }
  }
  if (view) {
    if (!view->name.empty()) config.name = view->name;
    if (!view->description.empty()) config.description = view->description;
    if (view->attribute_keys) {
      KeyFilter filter{*view->attribute_keys};
      std::sort(filter.keys.begin(), filter.keys.end());
      config.filter = std::move(filter);
    }
    if (view->cardinality_limit) config.cardinality_limit = *view->cardinality_limit;
  }
  return config;
}

}  // namespace otel::metrics::detail
