// The store: limits (count and bytes), oldest-first eviction, delta accumulation.
#include "store.h"

#include <gtest/gtest.h>

#include <memory>

namespace viewer {
namespace {

std::shared_ptr<const Resource> ServiceResource(const std::string& name) {
  auto resource = std::make_shared<Resource>();
  resource->service_name = name;
  resource->attributes = {{"service.name", {ValueType::kString, name}}};
  return resource;
}

TraceId Tid(uint8_t n) {
  TraceId id{};
  id[0] = n;
  id[15] = 1;
  return id;
}
SpanId Sid(uint8_t n) {
  SpanId id{};
  id[0] = n;
  id[7] = 1;
  return id;
}

Span MakeSpan(uint8_t trace, uint8_t span, uint8_t parent, const std::string& service,
              uint64_t start_ms, uint64_t duration_ms) {
  Span s;
  s.trace_id = Tid(trace);
  s.span_id = Sid(span);
  if (parent) s.parent_span_id = Sid(parent);
  s.name = "span-" + std::to_string(span);
  s.start_time_unix_nano = start_ms * 1'000'000;
  s.end_time_unix_nano = (start_ms + duration_ms) * 1'000'000;
  s.resource = ServiceResource(service);
  return s;
}

LogRecord MakeLog(const std::string& service, uint64_t time_ms, int severity,
                  const std::string& body) {
  LogRecord log;
  log.time_unix_nano = time_ms * 1'000'000;
  log.severity_number = severity;
  log.body = {ValueType::kString, body};
  log.resource = ServiceResource(service);
  return log;
}

MetricSample Counter(const std::string& service, double value, uint64_t time_ms, bool delta) {
  MetricSample sample;
  sample.descriptor = {"requests", "{request}", "", MetricType::kSum, true};
  sample.resource = ServiceResource(service);
  sample.delta = delta;
  sample.point.time_unix_nano = time_ms * 1'000'000;
  sample.point.value = value;
  return sample;
}

TEST(Store, EvictsOldestSpansAtTheSpanLimit) {
  Store store({.max_spans = 3, .max_logs = 10, .max_metric_points = 10, .max_bytes = 1u << 30});
  std::vector<Span> spans;
  for (uint8_t i = 1; i <= 5; ++i) spans.push_back(MakeSpan(i, i, 0, "gateway", i * 10, 5));
  store.AddSpans(std::move(spans));
  const StoreStats stats = store.Stats();
  EXPECT_EQ(stats.spans, 3u);
  EXPECT_EQ(stats.traces, 3u);
  EXPECT_EQ(stats.evicted_spans, 2u);
  EXPECT_FALSE(store.GetTrace(Tid(1)));
  EXPECT_FALSE(store.GetTrace(Tid(2)));
  EXPECT_TRUE(store.GetTrace(Tid(3)));
  EXPECT_TRUE(store.GetTrace(Tid(5)));
}

TEST(Store, EvictingPartOfATraceKeepsTheRest) {
  Store store({.max_spans = 2, .max_logs = 1, .max_metric_points = 1, .max_bytes = 1u << 30});
  store.AddSpans({MakeSpan(1, 1, 0, "frontend", 100, 50), MakeSpan(1, 2, 1, "gateway", 110, 30)});
  store.AddSpans({MakeSpan(2, 3, 0, "frontend", 200, 10)});
  auto trace = store.GetTrace(Tid(1));
  ASSERT_TRUE(trace);
  ASSERT_EQ(trace->size(), 1u);
  EXPECT_EQ((*trace)[0]->service(), "gateway");
  // The trace's time range follows what is left of it.
  auto found = store.SearchTraces({.service = "gateway"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].start_time_unix_nano, 110'000'000u);
}

TEST(Store, EvictsOldestLogsAtTheLogLimit) {
  Store store({.max_spans = 1, .max_logs = 2, .max_metric_points = 1, .max_bytes = 1u << 30});
  store.AddLogs(
      {MakeLog("a", 1, 9, "first"), MakeLog("a", 2, 9, "second"), MakeLog("a", 3, 9, "third")});
  auto logs = store.SearchLogs({});
  ASSERT_EQ(logs.size(), 2u);
  EXPECT_EQ(logs[0]->body.text, "third");
  EXPECT_EQ(logs[1]->body.text, "second");
}

TEST(Store, EvictsOldestMetricPointsAndDropsEmptySeries) {
  Store store({.max_spans = 1, .max_logs = 1, .max_metric_points = 3, .max_bytes = 1u << 30});
  store.AddMetrics({Counter("a", 1, 1, false), Counter("b", 1, 2, false), Counter("b", 2, 3, false),
                    Counter("b", 3, 4, false)});
  const StoreStats stats = store.Stats();
  EXPECT_EQ(stats.metric_points, 3u);
  EXPECT_EQ(stats.metric_series, 1u);  // service a's only point went first
  auto metric = store.GetMetric("requests", "");
  ASSERT_TRUE(metric);
  ASSERT_EQ(metric->series.size(), 1u);
  EXPECT_EQ(metric->series[0].service, "b");
  // Service "a" no longer has anything stored, so it is no longer listed.
  EXPECT_EQ(store.Services(), std::vector<std::string>{"b"});
}

TEST(Store, ByteLimitEvictsTheLargestSignalFirst) {
  Store store(
      {.max_spans = 1000, .max_logs = 1000, .max_metric_points = 1000, .max_bytes = 20'000});
  std::vector<LogRecord> logs;
  for (int i = 0; i < 200; ++i)
    logs.push_back(MakeLog("a", static_cast<uint64_t>(i), 9, std::string(100, 'x')));
  store.AddLogs(std::move(logs));
  StoreStats stats = store.Stats();
  EXPECT_LE(stats.span_bytes + stats.log_bytes + stats.metric_bytes, 20'000u);
  EXPECT_GT(stats.logs, 0u);
  EXPECT_LT(stats.logs, 200u);
  // The newest survive.
  EXPECT_EQ(store.SearchLogs({.limit = 1})[0]->time_unix_nano, 199'000'000u);
}

TEST(Store, ZeroLimitStoresNothing) {
  Store store({.max_spans = 0, .max_logs = 0, .max_metric_points = 0, .max_bytes = 1u << 30});
  store.AddSpans({MakeSpan(1, 1, 0, "a", 1, 1)});
  store.AddLogs({MakeLog("a", 1, 9, "x")});
  store.AddMetrics({Counter("a", 1, 1, false)});
  const StoreStats stats = store.Stats();
  EXPECT_EQ(stats.spans + stats.logs + stats.metric_points, 0u);
}

TEST(Store, DeltaSumsAreAccumulatedIntoCumulativePoints) {
  Store store;
  store.AddMetrics({Counter("a", 2, 1, true), Counter("a", 3, 2, true), Counter("a", 5, 3, true)});
  auto metric = store.GetMetric("requests", "a");
  ASSERT_TRUE(metric);
  ASSERT_EQ(metric->series.size(), 1u);
  const auto& points = metric->series[0].points;
  ASSERT_EQ(points.size(), 3u);
  EXPECT_DOUBLE_EQ(points[0].value, 2);
  EXPECT_DOUBLE_EQ(points[1].value, 5);
  EXPECT_DOUBLE_EQ(points[2].value, 10);
}

TEST(Store, SeriesAreSplitByServiceAndAttributes) {
  Store store;
  auto with_status = [](const std::string& status, double v) {
    MetricSample s = Counter("iss", v, 1, false);
    s.attributes = {{"response.status", {ValueType::kString, status}}};
    return s;
  };
  store.AddMetrics({with_status("200", 5), with_status("503", 1), with_status("200", 6),
                    Counter("gw", 1, 1, false)});
  auto all = store.GetMetric("requests", "");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->series.size(), 3u);
  auto iss = store.GetMetric("requests", "iss");
  ASSERT_TRUE(iss);
  EXPECT_EQ(iss->series.size(), 2u);
  EXPECT_FALSE(store.GetMetric("no.such.metric", ""));
  auto list = store.ListMetrics();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].services, (std::vector<std::string>{"gw", "iss"}));
}

}  // namespace
}  // namespace viewer
