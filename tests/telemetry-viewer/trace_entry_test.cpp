// A trace's span list and summary under oldest-first removal: start, end, error
// count and services must equal a rescan of the spans that are left, whatever the
// order spans arrive in; and the store's eviction keeps trace summaries right.
#include "trace_entry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "store.h"

namespace viewer {
namespace {

SpanPtr MakeSpan(uint8_t trace, uint64_t start, uint64_t end, const std::string& service,
                 bool error) {
  auto resource = std::make_shared<Resource>();
  resource->service_name = service;
  auto span = std::make_shared<Span>();
  span->trace_id[0] = trace;
  span->span_id[0] = 1;
  span->start_time_unix_nano = start;
  span->end_time_unix_nano = end;
  span->status_code = error ? 2 : 0;
  span->resource = resource;
  return span;
}

// What the entry must report: a rescan of the spans that are left.
void ExpectMatchesRescan(const TraceEntry& entry, const std::vector<SpanPtr>& left) {
  ASSERT_EQ(entry.spans().size(), left.size());
  uint64_t start = UINT64_MAX, end = 0;
  uint32_t errors = 0;
  for (size_t i = 0; i < left.size(); ++i) {
    EXPECT_EQ(entry.spans()[i], left[i]);
    start = std::min(start, left[i]->start_time_unix_nano);
    end = std::max(end, left[i]->end_time_unix_nano);
    if (left[i]->IsError()) ++errors;
  }
  EXPECT_EQ(entry.start(), start);
  EXPECT_EQ(entry.end(), end);
  EXPECT_EQ(entry.errors(), errors);
  for (const char* service : {"a", "b", "c"}) {
    const bool present = std::any_of(left.begin(), left.end(),
                                     [&](const SpanPtr& s) { return s->service() == service; });
    EXPECT_EQ(entry.HasService(service), present) << service;
  }
}

TEST(TraceEntry, SummaryMatchesARescanUnderOldestFirstRemoval) {
  std::mt19937_64 rng(42);
  for (int round = 0; round < 200; ++round) {
    TraceEntry entry;
    std::vector<SpanPtr> left;
    const int operations = 1 + static_cast<int>(rng() % 300);
    for (int i = 0; i < operations; ++i) {
      // Mostly adds, sometimes runs of removals; times in a small range so ties happen.
      if (!left.empty() && rng() % 3 == 0) {
        entry.RemoveOldest();
        left.erase(left.begin());
      } else {
        const uint64_t start = rng() % 50, end = start + rng() % 50;
        auto span = MakeSpan(1, start, end, std::string(1, static_cast<char>('a' + rng() % 3)),
                             rng() % 4 == 0);
        entry.Add(span);
        left.push_back(span);
      }
      ExpectMatchesRescan(entry, left);
      if (HasFailure()) return;
    }
    while (!left.empty()) {
      entry.RemoveOldest();
      left.erase(left.begin());
      ExpectMatchesRescan(entry, left);
    }
    EXPECT_TRUE(entry.empty());
  }
}

TEST(TraceEntry, IncreasingStartsInALongTrace) {
  // The order that made the old rescan quadratic: each removal takes the minimum.
  TraceEntry entry;
  std::vector<SpanPtr> left;
  for (uint64_t i = 0; i < 5000; ++i) {
    left.push_back(MakeSpan(1, i, 10'000 - i, "a", false));
    entry.Add(left.back());
  }
  for (int i = 0; i < 4990; ++i) {
    entry.RemoveOldest();
    left.erase(left.begin());
  }
  ExpectMatchesRescan(entry, left);
  EXPECT_EQ(entry.start(), 4990u);
  EXPECT_EQ(entry.end(), 10'000u - 4990u);
}

TEST(TraceEntry, StoreEvictionKeepsTraceSummariesRight) {
  // Spans of two traces interleaved; evicting the oldest spans shrinks each trace
  // from its oldest span and moves its start, end and counts.
  Store store({.max_spans = 4, .max_logs = 1, .max_metric_points = 1, .max_bytes = 1ull << 30});
  auto span = [](uint8_t trace, uint8_t id, uint64_t start_ms, uint64_t end_ms, bool error) {
    Span s;
    s.trace_id[0] = trace;
    s.span_id[0] = id;
    s.start_time_unix_nano = start_ms * 1'000'000;
    s.end_time_unix_nano = end_ms * 1'000'000;
    s.status_code = error ? 2 : 0;
    return s;
  };
  std::vector<Span> spans;
  spans.push_back(span(1, 1, 10, 20, true));  // evicted first
  spans.push_back(span(2, 2, 5, 50, false));  // evicted second
  spans.push_back(span(1, 3, 12, 15, false));
  spans.push_back(span(2, 4, 6, 30, true));
  spans.push_back(span(1, 5, 11, 40, false));
  spans.push_back(span(2, 6, 7, 8, false));
  store.AddSpans(std::move(spans));
  const auto stats = store.Stats();
  EXPECT_EQ(stats.spans, 4u);
  EXPECT_EQ(stats.evicted_spans, 2u);
  const auto traces = store.SearchTraces({.limit = 10});
  ASSERT_EQ(traces.size(), 2u);
  for (const auto& t : traces) {
    EXPECT_EQ(t.span_count, 2u);
    if (t.trace_id[0] == 1) {
      EXPECT_EQ(t.start_time_unix_nano, 11'000'000u);
      EXPECT_DOUBLE_EQ(t.duration_ms, 29);
      EXPECT_EQ(t.error_count, 0u);
    } else {
      EXPECT_EQ(t.start_time_unix_nano, 6'000'000u);
      EXPECT_DOUBLE_EQ(t.duration_ms, 24);
      EXPECT_EQ(t.error_count, 1u);
    }
  }
  EXPECT_TRUE(store.SearchTraces({.errors_only = true, .limit = 10}).size() == 1);
  // The span bytes go back to zero once everything is evicted.
  Store small({.max_spans = 1, .max_logs = 1, .max_metric_points = 1, .max_bytes = 1ull << 30});
  for (uint8_t i = 1; i < 10; ++i) small.AddSpans({span(i, i, i, i + 1, false)});
  EXPECT_EQ(small.Stats().spans, 1u);
  EXPECT_EQ(small.Stats().traces, 1u);
  EXPECT_EQ(small.Stats().evicted_spans, 8u);
}

}  // namespace
}  // namespace viewer
