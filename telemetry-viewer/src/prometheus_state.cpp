#include "prometheus_state.h"

#include <otel/prometheus/text_writer.h>

#include <vector>

namespace viewer {
namespace {
namespace metrics = opentelemetry::proto::metrics::v1;
namespace common = opentelemetry::proto::common::v1;

std::string KeyOf(const google::protobuf::RepeatedPtrField<common::KeyValue>& attributes) {
  std::map<std::string, std::string> sorted;
  for (const auto& kv : attributes) sorted[kv.key()] = kv.value().SerializeAsString();
  std::string key;
  for (const auto& [k, v] : sorted) key.append(k).append(1, '\x1f').append(v).append(1, '\x1e');
  return key;
}

// A point keeps at most this many exemplars (a sender could send thousands); the first ones,
// which is where SDKs put one per bucket or reservoir cell.
constexpr int kMaxExemplarsPerPoint = 64;

template <typename Point>
void CapExemplars(Point& point) {
  if constexpr (requires { point.exemplars_size(); }) {  // summaries have none
    if (point.exemplars_size() > kMaxExemplarsPerPoint)
      point.mutable_exemplars()->DeleteSubrange(kMaxExemplarsPerPoint,
                                                point.exemplars_size() - kMaxExemplarsPerPoint);
  }
}

// A delta point's exemplars are the newest; without any, the total keeps its own.
template <typename Point>
void TakeExemplars(Point& total, const Point& delta) {
  if (delta.exemplars_size() == 0) return;
  *total.mutable_exemplars() = delta.exemplars();
  CapExemplars(total);
}

void AddPointTo(metrics::NumberDataPoint& total, const metrics::NumberDataPoint& delta) {
  TakeExemplars(total, delta);
  if (total.value_case() == metrics::NumberDataPoint::kAsInt &&
      delta.value_case() == metrics::NumberDataPoint::kAsInt) {
    total.set_as_int(total.as_int() + delta.as_int());
  } else {
    const double a = total.value_case() == metrics::NumberDataPoint::kAsInt
                         ? static_cast<double>(total.as_int())
                         : total.as_double();
    const double b = delta.value_case() == metrics::NumberDataPoint::kAsInt
                         ? static_cast<double>(delta.as_int())
                         : delta.as_double();
    total.set_as_double(a + b);
  }
  total.set_time_unix_nano(delta.time_unix_nano());
}

// Summaries have no delta form in OTLP; a new point replaces the old.
void AddPointTo(metrics::SummaryDataPoint& total, const metrics::SummaryDataPoint& latest) {
  total = latest;
}

void AddPointTo(metrics::HistogramDataPoint& total, const metrics::HistogramDataPoint& delta) {
  const bool same_buckets =
      total.explicit_bounds_size() == delta.explicit_bounds_size() &&
      total.bucket_counts_size() == delta.bucket_counts_size() &&
      std::equal(total.explicit_bounds().begin(), total.explicit_bounds().end(),
                 delta.explicit_bounds().begin());
  if (!same_buckets) {  // bucket layout changed: restart the total from this point
    const uint64_t start = total.start_time_unix_nano();
    total = delta;
    total.set_start_time_unix_nano(start);
    return;
  }
  TakeExemplars(total, delta);
  total.set_count(total.count() + delta.count());
  total.set_sum(total.sum() + delta.sum());
  for (int i = 0; i < delta.bucket_counts_size(); ++i)
    total.set_bucket_counts(i, total.bucket_counts(i) + delta.bucket_counts(i));
  if (delta.has_min())
    total.set_min(total.has_min() ? std::min(total.min(), delta.min()) : delta.min());
  if (delta.has_max())
    total.set_max(total.has_max() ? std::max(total.max(), delta.max()) : delta.max());
  total.set_time_unix_nano(delta.time_unix_nano());
}

// Files every point of `incoming` under its attribute key: replacing the stored
// point for cumulative data and gauges, adding to it for delta data.
template <typename Point, typename GetData, typename MakeCumulative>
void MergePoints(std::map<std::string, metrics::Metric>& stored, const metrics::Metric& incoming,
                 const google::protobuf::RepeatedPtrField<Point>& points, bool delta,
                 GetData mutable_data, MakeCumulative make_cumulative, size_t& series,
                 size_t max_series) {
  for (const auto& point : points) {
    const std::string key = KeyOf(point.attributes());
    auto it = stored.find(key);
    if (it == stored.end()) {
      if (series >= max_series) continue;  // cardinality cap: new series are dropped
      metrics::Metric holder = incoming;
      auto* data = mutable_data(holder);
      data->clear_data_points();
      CapExemplars(*data->add_data_points() = point);
      make_cumulative(holder);
      stored.emplace(key, std::move(holder));
      ++series;
    } else if (delta) {
      AddPointTo(*mutable_data(it->second)->mutable_data_points(0), point);
    } else {
      CapExemplars(*mutable_data(it->second)->mutable_data_points(0) = point);
    }
  }
}
void AppendPoints(metrics::Metric& into, const metrics::Metric& from) {
  switch (from.data_case()) {
    case metrics::Metric::kGauge:
      into.mutable_gauge()->mutable_data_points()->MergeFrom(from.gauge().data_points());
      break;
    case metrics::Metric::kSum:
      into.mutable_sum()->mutable_data_points()->MergeFrom(from.sum().data_points());
      break;
    case metrics::Metric::kHistogram:
      into.mutable_histogram()->mutable_data_points()->MergeFrom(from.histogram().data_points());
      break;
    case metrics::Metric::kSummary:
      into.mutable_summary()->mutable_data_points()->MergeFrom(from.summary().data_points());
      break;
    default:
      break;
  }
}
}  // namespace

void PrometheusState::Merge(MetricState& state, const Metric& incoming) {
  auto& stored = state.points;
  const auto none = [](Metric&) {};
  switch (incoming.data_case()) {
    case Metric::kGauge:
      MergePoints(
          stored, incoming, incoming.gauge().data_points(), false,
          [](Metric& m) { return m.mutable_gauge(); }, none, series_, max_series_);
      break;
    case Metric::kSum: {
      const bool delta =
          incoming.sum().aggregation_temporality() == metrics::AGGREGATION_TEMPORALITY_DELTA;
      MergePoints(
          stored, incoming, incoming.sum().data_points(), delta,
          [](Metric& m) { return m.mutable_sum(); },
          [](Metric& m) {
            m.mutable_sum()->set_aggregation_temporality(
                metrics::AGGREGATION_TEMPORALITY_CUMULATIVE);
          },
          series_, max_series_);
      break;
    }
    case Metric::kHistogram: {
      const bool delta =
          incoming.histogram().aggregation_temporality() == metrics::AGGREGATION_TEMPORALITY_DELTA;
      MergePoints(
          stored, incoming, incoming.histogram().data_points(), delta,
          [](Metric& m) { return m.mutable_histogram(); },
          [](Metric& m) {
            m.mutable_histogram()->set_aggregation_temporality(
                metrics::AGGREGATION_TEMPORALITY_CUMULATIVE);
          },
          series_, max_series_);
      break;
    }
    case Metric::kSummary:
      MergePoints(
          stored, incoming, incoming.summary().data_points(), false,
          [](Metric& m) { return m.mutable_summary(); }, none, series_, max_series_);
      break;
    default:
      break;  // exponential histograms: not exposed (the text writer has no native histograms)
  }
}

void PrometheusState::Add(
    const opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest& request) {
  std::lock_guard lock(mutex_);
  for (const auto& resource_metrics : request.resource_metrics()) {
    const std::string resource_key = KeyOf(resource_metrics.resource().attributes());
    auto& resource = resources_[resource_key];
    if (resource.scopes.empty()) resource.resource = resource_metrics.resource();
    for (const auto& scope_metrics : resource_metrics.scope_metrics()) {
      const std::string scope_key =
          scope_metrics.scope().name() + '\x1f' + scope_metrics.scope().version();
      auto& scope = resource.scopes[scope_key];
      if (scope.metrics.empty()) scope.scope = scope_metrics.scope();
      for (const auto& metric : scope_metrics.metrics()) {
        auto& state = scope.metrics[metric.name()];
        if (state.descriptor.data_case() != metric.data_case()) {  // kind changed: start over
          series_ -= state.points.size();
          state.points.clear();
        }
        state.descriptor = metric;
        Merge(state, metric);
      }
    }
  }
}

std::string PrometheusState::RenderText(bool open_metrics) const {
  std::vector<opentelemetry::proto::metrics::v1::ResourceMetrics> resources;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, state] : resources_) {
      auto& out = resources.emplace_back();
      *out.mutable_resource() = state.resource;
      for (const auto& [scope_key, scope] : state.scopes) {
        auto* scope_out = out.add_scope_metrics();
        *scope_out->mutable_scope() = scope.scope;
        for (const auto& [name, metric] : scope.metrics) {
          if (metric.points.empty()) continue;
          // One Metric per name holding all its series, as an SDK would send it.
          auto* merged = scope_out->add_metrics();
          *merged = metric.points.begin()->second;
          for (auto it = std::next(metric.points.begin()); it != metric.points.end(); ++it)
            AppendPoints(*merged, it->second);
        }
      }
    }
  }
  otel::prometheus::TextOptions options;
  options.open_metrics = open_metrics;
  return otel::prometheus::write_text(resources, options);
}

size_t PrometheusState::series_count() const {
  std::lock_guard lock(mutex_);
  return series_;
}

}  // namespace viewer
