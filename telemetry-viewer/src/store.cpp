#include "store.h"

#include <algorithm>
#include <mutex>

namespace viewer {

Store::Store(StoreLimits limits) : limits_(limits) {}

void Store::RefService(const std::string& service) {
  ++service_refs_[service];
}

void Store::UnrefService(const std::string& service) {
  auto it = service_refs_.find(service);
  if (it != service_refs_.end() && --it->second == 0) service_refs_.erase(it);
}

void Store::AddSpans(std::vector<Span> spans) {
  std::vector<SpanPtr> shared;
  shared.reserve(spans.size());
  for (auto& span : spans) shared.push_back(std::make_shared<const Span>(std::move(span)));
  AddSpans(std::move(shared));
}

void Store::AddSpans(std::vector<SpanPtr> spans) {
  if (limits_.max_spans == 0) return;
  // Size accounting happens before the lock (the spans were allocated by the decoder).
  std::vector<std::pair<SpanPtr, size_t>> prepared;
  prepared.reserve(spans.size());
  for (auto& span : spans) {
    const size_t bytes = span->ApproxBytes();
    prepared.emplace_back(std::move(span), bytes);
  }
  std::unique_lock lock(mutex_);
  for (auto& [span, bytes] : prepared) {
    if (span_fifo_.size() >= limits_.max_spans) EvictOldestSpan();
    traces_[span->trace_id].Add(span);
    RefService(span->service());
    span_fifo_.push_back(std::move(span));
    stats_.span_bytes += bytes;
  }
  EnforceByteLimit();
}

void Store::EvictOldestSpan() {
  if (span_fifo_.empty()) return;
  SpanPtr span = std::move(span_fifo_.front());
  span_fifo_.pop_front();
  stats_.span_bytes -= std::min(stats_.span_bytes, span->ApproxBytes());
  ++stats_.evicted_spans;
  UnrefService(span->service());
  auto it = traces_.find(span->trace_id);
  if (it == traces_.end()) return;
  // Spans leave in arrival order, so this span is its trace's oldest.
  it->second.RemoveOldest();
  if (it->second.empty()) traces_.erase(it);
}

void Store::AddLogs(std::vector<LogRecord> logs) {
  if (limits_.max_logs == 0) return;
  std::vector<std::pair<LogPtr, size_t>> prepared;
  prepared.reserve(logs.size());
  for (auto& log : logs) {
    auto ptr = std::make_shared<const LogRecord>(std::move(log));
    prepared.emplace_back(ptr, ptr->ApproxBytes());
  }
  std::unique_lock lock(mutex_);
  for (auto& [log, bytes] : prepared) {
    if (log_fifo_.size() >= limits_.max_logs) EvictOldestLog();
    RefService(log->service());
    log_fifo_.push_back(std::move(log));
    stats_.log_bytes += bytes;
  }
  EnforceByteLimit();
}

void Store::EvictOldestLog() {
  if (log_fifo_.empty()) return;
  LogPtr log = std::move(log_fifo_.front());
  log_fifo_.pop_front();
  stats_.log_bytes -= std::min(stats_.log_bytes, log->ApproxBytes());
  ++stats_.evicted_logs;
  UnrefService(log->service());
}

namespace {
// Adds a delta point to a series' running total, so every stored point is cumulative.
void Accumulate(MetricPoint& running, MetricPoint& point, bool first) {
  if (first) {
    running = point;
    return;
  }
  running.time_unix_nano = point.time_unix_nano;
  running.exemplars = std::move(point.exemplars);  // the interval's own, not accumulated
  running.value += point.value;
  running.count += point.count;
  running.sum += point.sum;
  if (running.bounds == point.bounds &&
      running.bucket_counts.size() == point.bucket_counts.size()) {
    for (size_t i = 0; i < point.bucket_counts.size(); ++i)
      running.bucket_counts[i] += point.bucket_counts[i];
  } else {  // the buckets changed: restart from this point
    running = point;
  }
  const uint64_t start = running.start_time_unix_nano;
  point = running;
  point.start_time_unix_nano = start;
}
}  // namespace

void Store::AddMetrics(std::vector<MetricSample> samples) {
  if (limits_.max_metric_points == 0) return;
  std::unique_lock lock(mutex_);
  for (auto& sample : samples) {
    // Evict first: it may remove a series, which must not be the one being appended to.
    if (metric_fifo_.size() >= limits_.max_metric_points) EvictOldestMetricPoint();
    const std::string& service =
        sample.resource ? sample.resource->service_name : std::string("unknown_service");
    auto& entry = metrics_[sample.descriptor.name];
    entry.descriptor = sample.descriptor;
    std::string key = service + '\x1d' + AttributesKey(sample.attributes);
    auto& slot = entry.series[key];
    if (!slot) {
      slot = std::make_unique<Series>();
      slot->entry = &entry;
      slot->key = key;
      slot->service = service;
      slot->attributes = std::move(sample.attributes);
      slot->bytes = sizeof(Series) + key.capacity() + ApproxBytes(slot->attributes);
      stats_.metric_bytes += slot->bytes;
      ++stats_.metric_series;
      RefService(service);
    }
    Series* series = slot.get();
    if (sample.delta) {
      Accumulate(series->running, sample.point, !series->has_running);
      series->has_running = true;
    }
    stats_.metric_bytes += sample.point.ApproxBytes();
    series->points.push_back(std::move(sample.point));
    metric_fifo_.push_back(series);
  }
  EnforceByteLimit();
}

void Store::EvictOldestMetricPoint() {
  if (metric_fifo_.empty()) return;
  Series* series = metric_fifo_.front();
  metric_fifo_.pop_front();
  ++stats_.evicted_metric_points;
  if (series->points.empty()) return;
  stats_.metric_bytes -= std::min(stats_.metric_bytes, series->points.front().ApproxBytes());
  series->points.pop_front();
  if (!series->points.empty()) return;
  // Last point gone: drop the series (and the metric when it has none left).
  MetricEntry* entry = series->entry;
  stats_.metric_bytes -= std::min(stats_.metric_bytes, series->bytes);
  --stats_.metric_series;
  UnrefService(series->service);
  std::string name = entry->descriptor.name;
  series->entry = nullptr;
  entry->series.erase(series->key);
  if (entry->series.empty()) metrics_.erase(name);
}

void Store::EnforceByteLimit() {
  // Evict from whichever signal holds the most bytes until under the limit.
  while (stats_.span_bytes + stats_.log_bytes + stats_.metric_bytes > limits_.max_bytes) {
    const size_t largest = std::max({stats_.span_bytes, stats_.log_bytes, stats_.metric_bytes});
    if (largest == stats_.span_bytes && !span_fifo_.empty()) {
      EvictOldestSpan();
    } else if (largest == stats_.log_bytes && !log_fifo_.empty()) {
      EvictOldestLog();
    } else if (!metric_fifo_.empty()) {
      EvictOldestMetricPoint();
    } else if (!span_fifo_.empty()) {
      EvictOldestSpan();
    } else if (!log_fifo_.empty()) {
      EvictOldestLog();
    } else {
      break;
    }
  }
}

StoreStats Store::Stats() const {
  std::shared_lock lock(mutex_);
  StoreStats stats = stats_;
  stats.spans = span_fifo_.size();
  stats.traces = traces_.size();
  stats.logs = log_fifo_.size();
  stats.metric_points = metric_fifo_.size();
  return stats;
}

}  // namespace viewer
