// A bounded in-memory store for spans, log records and metric points.
//
// One shared_mutex guards everything: ingest converts protos into model structs
// before taking the lock and holds it only to append and evict; queries hold
// it shared only while they pick matching items (shared_ptrs), and serialise
// after releasing it. Oldest data goes first when any limit is reached.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "model.h"
#include "query.h"
#include "trace_entry.h"

namespace viewer {

struct StoreLimits {
  size_t max_spans = 200'000;
  size_t max_logs = 200'000;
  size_t max_metric_points = 500'000;
  size_t max_bytes = 512ull << 20;
};

struct StoreStats {
  size_t spans = 0, traces = 0, logs = 0, metric_points = 0, metric_series = 0;
  size_t span_bytes = 0, log_bytes = 0, metric_bytes = 0;
  size_t evicted_spans = 0, evicted_logs = 0, evicted_metric_points = 0;
};

using LogPtr = std::shared_ptr<const LogRecord>;

class Store {
 public:
  explicit Store(StoreLimits limits = {});
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  void AddSpans(std::vector<SpanPtr> spans);
  void AddSpans(std::vector<Span> spans);
  void AddLogs(std::vector<LogRecord> logs);
  void AddMetrics(std::vector<MetricSample> samples);

  StoreStats Stats() const;
  const StoreLimits& limits() const { return limits_; }

  // Queries (implemented in store_query.cpp).
  std::vector<std::string> Services() const;
  std::vector<TraceSummary> SearchTraces(const TraceQuery& query) const;
  // The trace's spans ordered by start time; nullopt when the id is unknown.
  std::optional<std::vector<SpanPtr>> GetTrace(const TraceId& trace_id) const;
  std::vector<LogPtr> SearchLogs(const LogQuery& query) const;
  std::vector<MetricSummary> ListMetrics() const;
  std::optional<MetricSeriesSet> GetMetric(const std::string& name,
                                           const std::string& service) const;
  ServiceMap BuildServiceMap() const;

 private:
  struct MetricEntry;
  struct Series {
    MetricEntry* entry = nullptr;
    std::string key;
    std::string service;
    Attributes attributes;
    std::deque<MetricPoint> points;
    MetricPoint running;  // cumulative total for delta inputs
    bool has_running = false;
    size_t bytes = 0;
  };
  struct MetricEntry {
    MetricDescriptor descriptor;
    std::map<std::string, std::unique_ptr<Series>> series;
  };

  void EvictOldestSpan();
  void EvictOldestLog();
  void EvictOldestMetricPoint();
  void EnforceByteLimit();
  void RefService(const std::string& service);
  void UnrefService(const std::string& service);
  static TraceSummary Summarize(const TraceId& id, const TraceEntry& entry);

  const StoreLimits limits_;
  mutable std::shared_mutex mutex_;

  std::deque<SpanPtr> span_fifo_;
  std::unordered_map<TraceId, TraceEntry, IdHash> traces_;
  std::deque<LogPtr> log_fifo_;
  std::map<std::string, MetricEntry> metrics_;
  std::deque<Series*> metric_fifo_;  // one entry per stored point, oldest first
  std::map<std::string, size_t> service_refs_;
  StoreStats stats_;
};

}  // namespace viewer
