// Synchronous streams: the lock-free AttributeTable on the hot path, and per-reader
// accumulations on the collection side.
//
// Temporality: every point holds the delta since the last collection by ANY reader.
// A collection drains all points and hands the deltas to every reader: cumulative
// readers add them to their running totals, delta readers to their pending deltas
// (cleared when that reader collects). So several readers with different
// temporalities each see correct data, and delta readers keep no state for quiet sets.
#include <mutex>
#include <unordered_map>

#include "metrics/aggregators.h"
#include "metrics/attribute_table.h"
#include "metrics/metric_storage.h"
#include "otel/exporters/otlp/otlp_proto_common.h"

namespace otel::metrics::detail {
namespace {

template <class Aggregator>
struct ReaderState {
  struct Entry {
    const OwnedAttributes* attributes = nullptr;
    typename Aggregator::Accumulation accumulation;
    std::vector<StoredExemplar> exemplars{};  // at most one per reservoir cell
  };
  std::unordered_map<const void*, Entry> points;  // keyed by the table entry (stable)
  std::uint64_t last_collect_ns = 0;
};

template <class T>
void set_number(pb::NumberDataPoint* point, T value) {
  if constexpr (std::is_same_v<T, double>) {
    point->set_as_double(value);
  } else {
    point->set_as_int(value);
  }
}

pb::AggregationTemporality to_proto(AggregationTemporality t) {
  return t == AggregationTemporality::kDelta ? pb::AGGREGATION_TEMPORALITY_DELTA
                                             : pb::AGGREGATION_TEMPORALITY_CUMULATIVE;
}

// Moves a point's exemplars out of its reservoir(s); a histogram's stripes are merged to
// one exemplar per bucket, the latest.
template <class Point>
void drain_exemplars(Point& point, std::vector<StoredExemplar>& out) {
  if constexpr (std::is_same_v<Point, HistogramAggregator::Point>) {
    for (auto& stripe : point.stripes) {
      ExemplarReservoir* reservoir = stripe.exemplars.get_if_allocated();
      if (reservoir == nullptr) continue;
      std::vector<StoredExemplar> drained;
      reservoir->collect(drained);
      merge_exemplars(out, std::move(drained));
    }
  } else {
    if (ExemplarReservoir* reservoir = point.exemplars.get_if_allocated()) reservoir->collect(out);
  }
}

bool is_monotonic(InstrumentKind kind) {
  return kind == InstrumentKind::kCounter || kind == InstrumentKind::kHistogram ||
         kind == InstrumentKind::kObservableCounter;
}

template <class Aggregator, class T>
class SyncStorageImpl final : public SyncStorage {
 public:
  using Point = typename Aggregator::Point;
  using Table = AttributeTable<Point>;

  SyncStorageImpl(const StreamConfig& config, std::uint64_t start_ns)
      : config_(config),
        start_ns_(start_ns),
        table_(config_.cardinality_limit, config_.filter ? &*config_.filter : nullptr,
               &config_.boundaries) {}

  void record(std::int64_t value, std::span<const AttrRef> attributes) override {
    Aggregator::record(table_.find(attributes), static_cast<T>(value));
  }
  void record(double value, std::span<const AttrRef> attributes) override {
    Aggregator::record(table_.find(attributes), static_cast<T>(value));
  }

  void record_with_exemplar(std::int64_t value, std::span<const AttrRef> attributes,
                            const ExemplarContext& context) override {
    record_and_offer(value, attributes, context);
  }
  void record_with_exemplar(double value, std::span<const AttrRef> attributes,
                            const ExemplarContext& context) override {
    record_and_offer(value, attributes, context);
  }

  bool collect(const CollectContext& ctx, pb::Metric* out) override {
    std::lock_guard<std::mutex> lock(collect_mutex_);
    if (readers_.size() < ctx.temporalities.size()) {
      readers_.resize(ctx.temporalities.size());
      for (auto& r : readers_) {
        if (r.last_collect_ns == 0) r.last_collect_ns = start_ns_;
      }
    }
    drain_into_readers(ctx);
    auto& reader = readers_[ctx.reader];
    const AggregationTemporality temporality = ctx.temporalities[ctx.reader];
    const std::uint64_t start =
        temporality == AggregationTemporality::kDelta ? reader.last_collect_ns : start_ns_;
    reader.last_collect_ns = ctx.now_ns;
    if (reader.points.empty()) return false;
    out->set_name(config_.name);
    out->set_description(config_.description);
    out->set_unit(config_.unit);
    write(reader, temporality, start, ctx.now_ns, out);
    if (temporality == AggregationTemporality::kDelta) reader.points.clear();
    return true;
  }

 private:
  // `V` is the caller's value type: an int64 instrument's exemplars are as_int, even in a
  // histogram (which aggregates in double).
  template <class V>
  void record_and_offer(V value, std::span<const AttrRef> attributes,
                        const ExemplarContext& context) {
    Point& point = table_.find(attributes);
    const KeyFilter* filter = config_.filter ? &*config_.filter : nullptr;
    if constexpr (std::is_same_v<Aggregator, HistogramAggregator>) {
      const double v = static_cast<double>(value);
      if (std::isnan(v)) return;
      const std::size_t bucket = HistogramAggregator::bucket_index(*point.bounds, v);
      auto& stripe = HistogramAggregator::record_in_bucket(point, v, bucket);
      stripe.exemplars.get(point.bounds->size() + 1)
          .offer_at(bucket, value, context, attributes, filter);
    } else {
      Aggregator::record(point, static_cast<T>(value));
      point.exemplars.get(kFixedSizeReservoirCells)
          .offer_sampled(static_cast<T>(value), context, attributes, filter);
    }
  }

  void drain_into_readers(const CollectContext& ctx) {
    std::vector<StoredExemplar> exemplars;
    table_.for_each([&](typename Table::Entry& entry) {
      typename Aggregator::Accumulation delta{};
      if (!Aggregator::drain(entry.point, delta)) return;
      exemplars.clear();
      drain_exemplars(entry.point, exemplars);
      for (std::size_t i = 0; i < readers_.size(); ++i) {
        auto [it, inserted] = readers_[i].points.try_emplace(
            &entry, typename ReaderState<Aggregator>::Entry{&entry.attributes, delta});
        if (!inserted) Aggregator::merge(it->second.accumulation, delta);
        if (!exemplars.empty()) {
          std::vector<StoredExemplar> copy = exemplars;
          merge_exemplars(it->second.exemplars, std::move(copy));
        }
      }
    });
    (void)ctx;
  }

  void write(const ReaderState<Aggregator>& reader, AggregationTemporality temporality,
             std::uint64_t start, std::uint64_t now, pb::Metric* out) const {
    if constexpr (std::is_same_v<Aggregator, HistogramAggregator>) {
      auto* histogram = out->mutable_histogram();
      histogram->set_aggregation_temporality(to_proto(temporality));
      for (const auto& [key, e] : reader.points) {
        auto* p = histogram->add_data_points();
        exporters::otlp::to_proto(*e.attributes, p->mutable_attributes());
        p->set_start_time_unix_nano(start);
        p->set_time_unix_nano(now);
        p->set_count(e.accumulation.count);
        p->set_sum(e.accumulation.sum);
        for (std::uint64_t c : e.accumulation.counts) p->add_bucket_counts(c);
        for (double b : config_.boundaries) p->add_explicit_bounds(b);
        if (config_.record_min_max && e.accumulation.count > 0) {
          p->set_min(e.accumulation.min);
          p->set_max(e.accumulation.max);
        }
        write_exemplars(e.exemplars, p->mutable_exemplars());
      }
    } else {
      const bool is_sum = std::is_same_v<Aggregator, SumAggregator<T>>;
      google::protobuf::RepeatedPtrField<pb::NumberDataPoint>* points;
      if (is_sum) {
        auto* sum = out->mutable_sum();
        sum->set_aggregation_temporality(to_proto(temporality));
        sum->set_is_monotonic(is_monotonic(config_.kind));
        points = sum->mutable_data_points();
      } else {
        points = out->mutable_gauge()->mutable_data_points();
      }
      for (const auto& [key, e] : reader.points) {
        auto* p = points->Add();
        exporters::otlp::to_proto(*e.attributes, p->mutable_attributes());
        if (is_sum) p->set_start_time_unix_nano(start);
        p->set_time_unix_nano(now);
        set_number(p, e.accumulation);
        write_exemplars(e.exemplars, p->mutable_exemplars());
      }
    }
  }

  const StreamConfig config_;
  const std::uint64_t start_ns_;
  Table table_;
  std::mutex collect_mutex_;
  std::vector<ReaderState<Aggregator>> readers_;
};

template <class T>
std::shared_ptr<SyncStorage> make_typed(const StreamConfig& config, std::uint64_t start_ns) {
  switch (config.aggregation) {
    case AggregationType::kLastValue:
      return std::make_shared<SyncStorageImpl<LastValueAggregator<T>, T>>(config, start_ns);
    case AggregationType::kExplicitBucketHistogram:
      return std::make_shared<SyncStorageImpl<HistogramAggregator, double>>(config, start_ns);
    default:
      return std::make_shared<SyncStorageImpl<SumAggregator<T>, T>>(config, start_ns);
  }
}

}  // namespace

std::shared_ptr<SyncStorage> make_sync_storage(const StreamConfig& config, std::uint64_t start_ns) {
  if (config.value_type == ValueType::kDouble) return make_typed<double>(config, start_ns);
  return make_typed<std::int64_t>(config, start_ns);
}

}  // namespace otel::metrics::detail
