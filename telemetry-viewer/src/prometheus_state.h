// The latest cumulative value of every received metric series, kept as OTLP
// protos so GET /metrics can be rendered by the SDK's own Prometheus text
// writer (otel/prometheus/text_writer.h): one translation, one set of rules.
// Delta sums and histograms are added up here, since Prometheus needs totals.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"

namespace viewer {

class PrometheusState {
 public:
  explicit PrometheusState(size_t max_series = 20'000) : max_series_(max_series) {}

  void Add(
      const opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest& request);
  // The 0.0.4 text, or OpenMetrics 1.0 with the points' exemplars.
  std::string RenderText(bool open_metrics = false) const;
  size_t series_count() const;

 private:
  using Metric = opentelemetry::proto::metrics::v1::Metric;
  struct MetricState {
    Metric descriptor;  // name, unit, description and kind; points live in `points`
    std::map<std::string, Metric> points;  // attribute key → a Metric holding one point
  };
  struct ScopeState {
    opentelemetry::proto::common::v1::InstrumentationScope scope;
    std::map<std::string, MetricState> metrics;
  };
  struct ResourceState {
    opentelemetry::proto::resource::v1::Resource resource;
    std::map<std::string, ScopeState> scopes;
  };

  void Merge(MetricState& state, const Metric& incoming);

  const size_t max_series_;
  mutable std::mutex mutex_;
  std::map<std::string, ResourceState> resources_;
  size_t series_ = 0;
};

}  // namespace viewer
