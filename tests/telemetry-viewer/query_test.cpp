// Queries over telemetry converted from OTLP: trace search filters, logs
// filters, metric series and the service map.
#include <gtest/gtest.h>

#include "ingest.h"
#include "otlp_fixtures.h"
#include "store.h"

namespace viewer {
namespace {
using viewer_fixtures::MakeWorkshopTrace;

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::mt19937_64 rng(7);
    base_ = 1'700'000'000'000'000'000ull;
    for (int i = 0; i < 10; ++i) {
      auto trace = MakeWorkshopTrace(rng, base_ + static_cast<uint64_t>(i) * 1'000'000'000ull,
                                     i % 2 ? "Paris" : "Tokyo", i == 3);
      ids_.push_back(trace.trace_id);
      ingest_.Traces(trace.traces);
      ingest_.Logs(trace.logs);
    }
  }
  TraceId Id(int i) const {
    return *FromHex<16>(viewer_fixtures::Hex(ids_[static_cast<size_t>(i)]));
  }

  Store store_;
  Ingest ingest_{store_, nullptr};
  std::vector<std::string> ids_;
  uint64_t base_ = 0;
};

TEST_F(QueryTest, TracesNewestFirstWithTheRootSpan) {
  auto traces = store_.SearchTraces({.limit = 3});
  ASSERT_EQ(traces.size(), 3u);
  EXPECT_EQ(traces[0].trace_id, Id(9));
  EXPECT_EQ(traces[2].trace_id, Id(7));
  EXPECT_EQ(traces[0].root_service, "frontend");
  EXPECT_EQ(traces[0].root_name, "POST /");
  EXPECT_EQ(traces[0].span_count, 10u);
  EXPECT_DOUBLE_EQ(traces[0].duration_ms, 60);
  EXPECT_EQ(traces[0].services,
            (std::vector<std::string>{"frontend", "gateway", "geolocator-service",
                                      "iss-distance-service"}));
}

TEST_F(QueryTest, ErrorFilterFindsTheFailingRequest) {
  auto traces = store_.SearchTraces({.errors_only = true});
  ASSERT_EQ(traces.size(), 1u);
  EXPECT_EQ(traces[0].trace_id, Id(3));
  EXPECT_GT(traces[0].error_count, 0u);
}

TEST_F(QueryTest, ServiceAndSpanNameFilters) {
  EXPECT_EQ(store_.SearchTraces({.service = "geolocator-service", .limit = 100}).size(), 10u);
  EXPECT_EQ(store_.SearchTraces({.service = "nobody"}).size(), 0u);
  EXPECT_EQ(store_.SearchTraces({.service = "gateway", .span_name = "iss-coordinates"}).size(), 0u);
  EXPECT_EQ(
      store_
          .SearchTraces(
              {.service = "iss-distance-service", .span_name = "ISS-coordinates", .limit = 100})
          .size(),
      10u);
}

TEST_F(QueryTest, DurationAndTimeRangeFilters) {
  EXPECT_EQ(store_.SearchTraces({.min_duration_ms = 59, .limit = 100}).size(), 10u);
  EXPECT_EQ(store_.SearchTraces({.min_duration_ms = 61}).size(), 0u);
  auto traces = store_.SearchTraces(
      {.start_from = base_ + 2'000'000'000ull, .start_to = base_ + 4'000'000'000ull, .limit = 100});
  ASSERT_EQ(traces.size(), 3u);
  EXPECT_EQ(traces[0].trace_id, Id(4));
  EXPECT_EQ(traces[2].trace_id, Id(2));
}

TEST_F(QueryTest, AttributeFilterMatchesSpanAndResourceAttributes) {
  EXPECT_EQ(
      store_.SearchTraces({.attribute_key = "location", .attribute_value = "Paris", .limit = 100})
          .size(),
      5u);
  EXPECT_EQ(store_
                .SearchTraces({.attribute_key = "http.response.status_code",
                               .attribute_value = "503",
                               .limit = 100})
                .size(),
            1u);
  EXPECT_EQ(store_
                .SearchTraces({.attribute_key = "deployment.environment.name",
                               .attribute_value = "dev",
                               .limit = 100})
                .size(),
            10u);
  EXPECT_EQ(store_.SearchTraces({.attribute_key = "location", .attribute_value = "Lima"}).size(),
            0u);
}

TEST_F(QueryTest, TraceByIdHasAllSpansInStartOrder) {
  auto spans = store_.GetTrace(Id(0));
  ASSERT_TRUE(spans);
  ASSERT_EQ(spans->size(), 10u);
  for (size_t i = 1; i < spans->size(); ++i)
    EXPECT_LE((*spans)[i - 1]->start_time_unix_nano, (*spans)[i]->start_time_unix_nano);
  EXPECT_FALSE(store_.GetTrace(TraceId{1}));
}

TEST_F(QueryTest, LogFilters) {
  EXPECT_EQ(store_.SearchLogs({}).size(), 11u);
  auto errors = store_.SearchLogs({.min_severity = *ParseSeverity("error")});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]->trace_id, Id(3));
  EXPECT_EQ(store_.SearchLogs({.trace_id = Id(5)}).size(), 1u);
  EXPECT_EQ(store_.SearchLogs({.text = "IP ADDRESS"}).size(), 10u);
  EXPECT_EQ(store_.SearchLogs({.text = "handle_request"}).size(), 11u);  // attribute values too
  EXPECT_EQ(store_.SearchLogs({.service = "gateway"}).size(), 0u);
  auto newest = store_.SearchLogs({.limit = 2});
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_GE(newest[0]->time_unix_nano, newest[1]->time_unix_nano);
}

TEST(ParseSeverityTest, NamesAndNumbers) {
  EXPECT_EQ(ParseSeverity("WARN"), 13);
  EXPECT_EQ(ParseSeverity("warning"), 13);
  EXPECT_EQ(ParseSeverity("17"), 17);
  EXPECT_EQ(ParseSeverity(""), 0);
  EXPECT_FALSE(ParseSeverity("loud"));
  EXPECT_FALSE(ParseSeverity("12345"));
}

TEST_F(QueryTest, ServiceMapHasTheWorkshopCallGraph) {
  auto map = store_.BuildServiceMap();
  ASSERT_EQ(map.nodes.size(), 4u);
  ASSERT_EQ(map.edges.size(), 3u);
  for (const auto& edge : map.edges) {
    EXPECT_EQ(edge.call_count, 10u) << edge.source << "->" << edge.target;
    const size_t expected_errors = edge.target == "geolocator-service" ? 0u : 1u;
    EXPECT_EQ(edge.error_count, expected_errors) << edge.source << "->" << edge.target;
  }
  EXPECT_EQ(map.edges[0].source, "frontend");
  EXPECT_EQ(map.edges[0].target, "gateway");
}

TEST(ConvertTest, CumulativeMetricsBecomeSeriesPerAttributeSet) {
  Store store;
  Ingest ingest(store, nullptr);
  ingest.Metrics(viewer_fixtures::MakeWorkshopMetrics(2'000, 1'000, 10, 2));
  ingest.Metrics(viewer_fixtures::MakeWorkshopMetrics(3'000, 1'000, 15, 3));
  auto iss = store.GetMetric("iss.requests", "");
  ASSERT_TRUE(iss);
  EXPECT_EQ(iss->descriptor.type, MetricType::kSum);
  EXPECT_TRUE(iss->descriptor.monotonic);
  ASSERT_EQ(iss->series.size(), 2u);
  for (const auto& series : iss->series) {
    ASSERT_EQ(series.points.size(), 2u);
    const auto status = FindAttribute(series.attributes, "response.status");
    ASSERT_TRUE(status);
    EXPECT_DOUBLE_EQ(series.points[1].value, status->text == "200" ? 12 : 3);
  }
  auto histogram = store.GetMetric("http.server.request.duration", "gateway");
  ASSERT_TRUE(histogram);
  ASSERT_EQ(histogram->series.size(), 1u);
  EXPECT_EQ(histogram->series[0].points.back().count, 15u);
  EXPECT_EQ(histogram->series[0].points.back().bucket_counts.size(), 7u);
}

}  // namespace
}  // namespace viewer
