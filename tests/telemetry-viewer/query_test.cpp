// Queries over telemetry converted from OTLP: trace search filters, logs
// filters, metric series and the service map.
#include <gtest/gtest.h>

#include "ingest.h"
#include "json_output.h"
#include "otlp_fixtures.h"
#include "prometheus_state.h"
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

// Exemplars (#18): kept with their point (bounded), ids as hex in the API, a delta point's
// own exemplars (not accumulated), and OpenMetrics exemplars on the viewer's /metrics.
TEST(ConvertTest, ExemplarsAreStoredWithTheirPointsAndServed) {
  namespace pbm = opentelemetry::proto::metrics::v1;
  auto request = [](uint64_t time_ns, int exemplar_count) {
    opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest r;
    auto* rm = r.add_resource_metrics();
    auto* attribute = rm->mutable_resource()->add_attributes();
    attribute->set_key("service.name");
    attribute->mutable_value()->set_string_value("gateway");
    auto* metric = rm->add_scope_metrics()->add_metrics();
    metric->set_name("http.server.request.duration");
    metric->set_unit("s");
    auto* histogram = metric->mutable_histogram();
    histogram->set_aggregation_temporality(pbm::AGGREGATION_TEMPORALITY_DELTA);
    auto* p = histogram->add_data_points();
    p->set_time_unix_nano(time_ns);
    p->add_explicit_bounds(0.1);
    p->add_bucket_counts(1);
    p->add_bucket_counts(static_cast<uint64_t>(exemplar_count));
    p->set_count(1 + static_cast<uint64_t>(exemplar_count));
    for (int i = 0; i < exemplar_count; ++i) {
      auto* e = p->add_exemplars();
      e->set_time_unix_nano(time_ns - 1000);
      e->set_as_double(0.5 + i);
      if (i == 1) continue;  // no ids: recorded without a span
      e->set_trace_id(i == 2 ? std::string(3, 'x')
                             : std::string(16, static_cast<char>(0xa0 + i % 16)));
      e->set_span_id(std::string(8, static_cast<char>(0x10 + i % 16)));
    }
    return r;
  };
  Store store;
  PrometheusState prometheus;
  Ingest ingest(store, &prometheus);
  ingest.Metrics(request(2'000'000'000, 40));
  ingest.Metrics(request(3'000'000'000, 0));
  auto histogram = store.GetMetric("http.server.request.duration", "gateway");
  ASSERT_TRUE(histogram);
  const auto& points = histogram->series.at(0).points;
  ASSERT_EQ(points.size(), 2u);
  ASSERT_EQ(points[0].exemplars.size(), kMaxExemplarsPerPoint);  // 40 sent, bounded
  EXPECT_TRUE(points[0].exemplars[0].has_trace);
  EXPECT_FALSE(points[0].exemplars[1].has_trace);
  EXPECT_FALSE(points[0].exemplars[2].has_trace);  // a 3-byte trace id is no trace
  EXPECT_TRUE(points[1].exemplars.empty());        // the second interval had none
  EXPECT_EQ(points[1].count, 42u);                 // while the counts accumulate
  const auto json = MetricSeriesSetToJson(*histogram);
  const auto& exemplar = json["series"][0]["points"][0]["exemplars"][0];
  EXPECT_EQ(exemplar["traceId"], "a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0");
  EXPECT_EQ(exemplar["spanId"], "1010101010101010");
  EXPECT_EQ(exemplar["value"], 0.5);
  EXPECT_EQ(exemplar["timeUnixNano"], 1'999'999'000u);
  EXPECT_FALSE(json["series"][0]["points"][0]["exemplars"][1].contains("traceId"));

  const std::string open_metrics = prometheus.RenderText(true);
  EXPECT_NE(open_metrics.find("le=\"+Inf\"} 42 # {trace_id=\""), std::string::npos) << open_metrics;
  EXPECT_TRUE(open_metrics.ends_with("# EOF\n")) << open_metrics;
  EXPECT_EQ(prometheus.RenderText().find(" # {"), std::string::npos);
}

}  // namespace
}  // namespace viewer
