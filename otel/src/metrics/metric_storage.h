// Aggregation storage: one per (instrument, view) stream. Synchronous instruments write
// into it on the hot path; readers collect from it into OTLP `Metric` messages.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "metrics/attribute_ref.h"
#include "metrics/exemplar_reservoir.h"
#include "opentelemetry/proto/metrics/v1/metrics.pb.h"
#include "otel/metrics/instrument_descriptor.h"
#include "otel/metrics/view.h"

namespace otel::metrics::detail {

namespace pb = opentelemetry::proto::metrics::v1;

// An instrument after its view was applied: what is aggregated and how it is named.
struct StreamConfig {
  std::string name;
  std::string description;
  std::string unit;
  InstrumentKind kind = InstrumentKind::kCounter;
  ValueType value_type = ValueType::kInt64;
  AggregationType aggregation = AggregationType::kSum;  // never kDefault/kDrop here
  std::vector<double> boundaries;
  bool record_min_max = true;
  std::optional<KeyFilter> filter;
  std::size_t cardinality_limit = 2000;
};

// Resolves the view (or the instrument's defaults and advice) into a stream;
// nullopt when the view drops the instrument.
std::optional<StreamConfig> resolve_stream(const InstrumentDescriptor& instrument, const View* view,
                                           std::size_t default_cardinality_limit);

struct CollectContext {
  std::size_t reader = 0;
  // The temporality each registered reader wants for this stream's instrument kind.
  std::vector<AggregationTemporality> temporalities;
  std::uint64_t now_ns = 0;
};

class MetricStorage {
 public:
  virtual ~MetricStorage() = default;
  // Writes this stream's points for `ctx.reader` into `out`; false when there are none.
  virtual bool collect(const CollectContext& ctx, pb::Metric* out) = 0;
};

class SyncStorage : public MetricStorage {
 public:
  virtual void record(std::int64_t value, std::span<const AttrRef> attributes) = 0;
  virtual void record(double value, std::span<const AttrRef> attributes) = 0;
  // A measurement the exemplar filter let through: recorded, then offered to its point's
  // exemplar reservoir.
  virtual void record_with_exemplar(std::int64_t value, std::span<const AttrRef> attributes,
                                    const ExemplarContext& context) = 0;
  virtual void record_with_exemplar(double value, std::span<const AttrRef> attributes,
                                    const ExemplarContext& context) = 0;
};

std::shared_ptr<SyncStorage> make_sync_storage(const StreamConfig& config, std::uint64_t start_ns);

// Observations made by callbacks during one collection.
struct Observation {
  OwnedAttributes attributes;
  double double_value = 0;
  std::int64_t int_value = 0;
};
using ObserveFn = std::function<void(std::vector<Observation>&)>;

std::shared_ptr<MetricStorage> make_async_storage(const StreamConfig& config,
                                                  std::uint64_t start_ns, ObserveFn observe);

}  // namespace otel::metrics::detail
