// Asynchronous (observable) streams: callbacks report absolute values at collection
// time. Counters report cumulative totals, so a delta reader gets the difference to
// what it saw last time; gauges report the observed value as is.
#include <mutex>
#include <unordered_map>

#include "metrics/metric_storage.h"
#include "otel/exporters/otlp/otlp_proto_common.h"

namespace otel::metrics::detail {
namespace {

struct OwnedHash {
  std::size_t operator()(const OwnedAttributes& a) const { return hash_owned(a); }
};

template <class T>
using ValueMap = std::unordered_map<OwnedAttributes, T, OwnedHash>;

class AsyncStorageImpl final : public MetricStorage {
 public:
  AsyncStorageImpl(const StreamConfig& config, std::uint64_t start_ns, ObserveFn observe)
      : config_(config), start_ns_(start_ns), observe_(std::move(observe)) {}

  bool collect(const CollectContext& ctx, pb::Metric* out) override {
    std::lock_guard<std::mutex> lock(collect_mutex_);
    if (readers_.size() < ctx.temporalities.size())
      readers_.resize(ctx.temporalities.size(), Reader{{}, start_ns_});
    std::vector<Observation> observations;
    observe_(observations);
    if (config_.value_type == ValueType::kDouble)
      return emit<double>(ctx, aggregate<double>(observations), out);
    return emit<std::int64_t>(ctx, aggregate<std::int64_t>(observations), out);
  }

 private:
  struct Reader {
    ValueMap<double> last;  // previous cumulative value per set (delta conversion)
    std::uint64_t last_collect_ns;
  };

  bool is_sum() const {
    return config_.aggregation == AggregationType::kSum &&
           config_.kind != InstrumentKind::kObservableGauge;
  }

  template <class T>
  static T value_of(const Observation& o) {
    if constexpr (std::is_same_v<T, double>) {
      return o.double_value;
    } else {
      return o.int_value;
    }
  }

  // Applies the view's attribute filter and the cardinality limit. Observations that
  // end up with the same attributes are added (sums) or the last one is kept (gauges).
  template <class T>
  std::vector<std::pair<OwnedAttributes, T>> aggregate(
      const std::vector<Observation>& observations) const {
    ValueMap<std::size_t> index;
    std::vector<std::pair<OwnedAttributes, T>> result;
    const KeyFilter* filter = config_.filter ? &*config_.filter : nullptr;
    for (const auto& o : observations) {
      OwnedAttributes attributes = canonicalize(to_refs(o.attributes), filter);
      auto it = index.find(attributes);
      if (it == index.end()) {
        if (result.size() + 1 >= config_.cardinality_limit) {
          attributes = {KeyValue{"otel.metric.overflow", AttributeValue(true)}};
          it = index.find(attributes);
        }
      }
      if (it == index.end()) {
        index.emplace(attributes, result.size());
        result.emplace_back(std::move(attributes), value_of<T>(o));
      } else if (is_sum()) {
        result[it->second].second += value_of<T>(o);
      } else {
        result[it->second].second = value_of<T>(o);
      }
    }
    return result;
  }

  template <class T>
  bool emit(const CollectContext& ctx, const std::vector<std::pair<OwnedAttributes, T>>& values,
            pb::Metric* out) {
    Reader& reader = readers_[ctx.reader];
    const AggregationTemporality temporality = ctx.temporalities[ctx.reader];
    const std::uint64_t start =
        temporality == AggregationTemporality::kDelta ? reader.last_collect_ns : start_ns_;
    reader.last_collect_ns = ctx.now_ns;
    if (values.empty()) return false;
    out->set_name(config_.name);
    out->set_description(config_.description);
    out->set_unit(config_.unit);
    google::protobuf::RepeatedPtrField<pb::NumberDataPoint>* points;
    if (is_sum()) {
      auto* sum = out->mutable_sum();
      sum->set_is_monotonic(config_.kind == InstrumentKind::kObservableCounter);
      sum->set_aggregation_temporality(temporality == AggregationTemporality::kDelta
                                           ? pb::AGGREGATION_TEMPORALITY_DELTA
                                           : pb::AGGREGATION_TEMPORALITY_CUMULATIVE);
      points = sum->mutable_data_points();
    } else {
      points = out->mutable_gauge()->mutable_data_points();
    }
    for (const auto& [attributes, value] : values) {
      T reported = value;
      if (is_sum() && temporality == AggregationTemporality::kDelta) {
        auto [it, inserted] = reader.last.try_emplace(attributes, 0.0);
        reported = static_cast<T>(value - static_cast<T>(it->second));
        it->second = static_cast<double>(value);
      }
      auto* p = points->Add();
      exporters::otlp::to_proto(attributes, p->mutable_attributes());
      if (is_sum()) p->set_start_time_unix_nano(start);
      p->set_time_unix_nano(ctx.now_ns);
      if constexpr (std::is_same_v<T, double>) {
        p->set_as_double(reported);
      } else {
        p->set_as_int(reported);
      }
    }
    return true;
  }

  const StreamConfig config_;
  const std::uint64_t start_ns_;
  ObserveFn observe_;
  std::mutex collect_mutex_;
  std::vector<Reader> readers_;
};

}  // namespace

std::shared_ptr<MetricStorage> make_async_storage(const StreamConfig& config,
                                                  std::uint64_t start_ns, ObserveFn observe) {
  return std::make_shared<AsyncStorageImpl>(config, start_ns, std::move(observe));
}

}  // namespace otel::metrics::detail
