// Temporality (delta, cumulative, both at once), cardinality overflow and views.
#include <gtest/gtest.h>

#include "metrics_test_util.h"

using namespace otel_test;
using otel::metrics::AggregationTemporality;
using otel::metrics::InstrumentKind;
using otel::metrics::TemporalityPreference;

namespace {
otel::metrics::MetricReader::TemporalitySelector Delta() {
  return otel::metrics::temporality_selector_for(TemporalityPreference::kDelta);
}
}  // namespace

TEST(MetricsTemporality, PreferenceTable) {
  using otel::metrics::temporality_for;
  EXPECT_EQ(temporality_for(InstrumentKind::kCounter, TemporalityPreference::kDelta),
            AggregationTemporality::kDelta);
  EXPECT_EQ(temporality_for(InstrumentKind::kObservableCounter, TemporalityPreference::kDelta),
            AggregationTemporality::kDelta);
  EXPECT_EQ(temporality_for(InstrumentKind::kUpDownCounter, TemporalityPreference::kDelta),
            AggregationTemporality::kCumulative);
  EXPECT_EQ(temporality_for(InstrumentKind::kHistogram, TemporalityPreference::kLowMemory),
            AggregationTemporality::kDelta);
  EXPECT_EQ(temporality_for(InstrumentKind::kObservableCounter, TemporalityPreference::kLowMemory),
            AggregationTemporality::kCumulative);
  EXPECT_EQ(temporality_for(InstrumentKind::kCounter, TemporalityPreference::kCumulative),
            AggregationTemporality::kCumulative);
  EXPECT_EQ(otel::metrics::parse_temporality_preference("LowMemory"),
            TemporalityPreference::kLowMemory);
  EXPECT_EQ(otel::metrics::parse_temporality_preference("bogus"),
            TemporalityPreference::kCumulative);
}

TEST(MetricsTemporality, DeltaReportsOnlyWhatHappenedSinceLastCollection) {
  TestMetrics t({}, Delta());
  auto counter = t.meter->create_counter<int64_t>("c");
  counter.add(4, {{"k", "a"}});
  auto first = t.Collect();
  counter.add(6, {{"k", "a"}});
  auto second = t.Collect();
  auto third = t.Collect();  // nothing new: the stream is absent
  const auto& p1 = FindMetric(first, "c")->sum().data_points(0);
  const auto& p2 = FindMetric(second, "c")->sum().data_points(0);
  EXPECT_EQ(FindMetric(first, "c")->sum().aggregation_temporality(),
            pbm::AGGREGATION_TEMPORALITY_DELTA);
  EXPECT_EQ(p1.as_int(), 4);
  EXPECT_EQ(p2.as_int(), 6);
  EXPECT_EQ(p2.start_time_unix_nano(), p1.time_unix_nano());  // consecutive, no gap
  EXPECT_EQ(FindMetric(third, "c"), nullptr);
}

TEST(MetricsTemporality, DeltaAndCumulativeReadersOnOneProviderBothSeeCorrectData) {
  TestMetrics t;  // cumulative reader
  auto delta = std::make_shared<otel::metrics::ManualReader>(Delta());
  t.provider->add_reader(delta);
  auto h = t.meter->create_histogram<double>("h");
  h.record(1);
  h.record(100);
  auto c1 = t.Collect();  // cumulative sees 2
  h.record(7);
  pbm::ResourceMetrics d1;
  delta->collect(d1);  // delta sees all 3 recorded since it started
  h.record(2);
  auto c2 = t.Collect();  // cumulative sees 4
  pbm::ResourceMetrics d2;
  delta->collect(d2);  // delta sees only the last one
  EXPECT_EQ(FindMetric(c1, "h")->histogram().data_points(0).count(), 2u);
  EXPECT_EQ(FindMetric(d1, "h")->histogram().data_points(0).count(), 3u);
  EXPECT_EQ(FindMetric(c2, "h")->histogram().data_points(0).count(), 4u);
  const auto& last = FindMetric(d2, "h")->histogram().data_points(0);
  EXPECT_EQ(last.count(), 1u);
  EXPECT_DOUBLE_EQ(last.sum(), 2);
  EXPECT_DOUBLE_EQ(last.min(), 2);
  EXPECT_DOUBLE_EQ(last.max(), 2);
  const auto& cumulative = FindMetric(c2, "h")->histogram().data_points(0);
  EXPECT_DOUBLE_EQ(cumulative.sum(), 110);
  EXPECT_DOUBLE_EQ(cumulative.min(), 1);
  EXPECT_DOUBLE_EQ(cumulative.max(), 100);
}

TEST(MetricsCardinality, OverflowSetCollectsEverythingPastTheLimit) {
  otel::metrics::MeterProviderOptions options;
  options.cardinality_limit = 10;  // 9 distinct sets + the overflow set
  TestMetrics t(options);
  auto counter = t.meter->create_counter<int64_t>("c");
  for (int i = 0; i < 25; ++i) counter.add(1, {{"id", i}});
  counter.add(100, {{"id", 3}});  // an admitted set keeps its own point
  auto rm = t.Collect();
  const auto* m = FindMetric(rm, "c");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->sum().data_points_size(), 10);
  const auto* overflow = FindPoint(m->sum().data_points(), {{"otel.metric.overflow", "true"}});
  ASSERT_NE(overflow, nullptr);
  EXPECT_EQ(overflow->as_int(), 16);
  EXPECT_EQ(FindPoint(m->sum().data_points(), {{"id", "3"}})->as_int(), 101);
  int64_t total = 0;
  for (const auto& p : m->sum().data_points()) total += p.as_int();
  EXPECT_EQ(total, 125);  // nothing lost
}

TEST(MetricsCardinality, DefaultLimitIs2000) {
  TestMetrics t;
  auto counter = t.meter->create_counter<int64_t>("c");
  for (int i = 0; i < 2500; ++i) counter.add(1, {{"id", i}});
  auto rm = t.Collect();
  const auto* m = FindMetric(rm, "c");
  EXPECT_EQ(m->sum().data_points_size(), 2000);
}

TEST(MetricsViews, RenameChangeBucketsAndKeepAttributes) {
  otel::metrics::MeterProviderOptions options;
  otel::metrics::View view;
  view.selector.name = "http.server.duration";
  view.name = "http.server.request.duration";
  view.description = "renamed";
  view.aggregation = otel::metrics::Aggregation::explicit_buckets({1, 2});
  view.attribute_keys = std::vector<std::string>{"http.route"};
  options.views.push_back(view);
  TestMetrics t(options);
  auto h = t.meter->create_histogram<double>("http.server.duration");
  h.record(1.5, {{"http.route", "/"}, {"client.address", "10.0.0.1"}});
  h.record(3, {{"http.route", "/"}, {"client.address", "10.0.0.2"}});
  auto rm = t.Collect();
  EXPECT_EQ(FindMetric(rm, "http.server.duration"), nullptr);
  const auto* m = FindMetric(rm, "http.server.request.duration");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->description(), "renamed");
  ASSERT_EQ(m->histogram().data_points_size(), 1);  // client.address dropped, sets merged
  const auto& p = m->histogram().data_points(0);
  EXPECT_EQ(AttributeMap(p), (std::map<std::string, std::string>{{"http.route", "/"}}));
  ASSERT_EQ(p.explicit_bounds_size(), 2);
  EXPECT_EQ(p.bucket_counts(1), 1u);
  EXPECT_EQ(p.bucket_counts(2), 1u);
}

TEST(MetricsViews, DropAndWildcardSelectors) {
  otel::metrics::MeterProviderOptions options;
  otel::metrics::View drop;
  drop.selector.name = "debug.*";
  drop.aggregation = otel::metrics::Aggregation::drop();
  options.views.push_back(drop);
  TestMetrics t(options);
  auto dropped = t.meter->create_counter<int64_t>("debug.noise");
  auto kept = t.meter->create_counter<int64_t>("requests");
  EXPECT_FALSE(dropped.enabled());
  dropped.add(1);
  kept.add(1);
  auto rm = t.Collect();
  EXPECT_EQ(FindMetric(rm, "debug.noise"), nullptr);
  EXPECT_NE(FindMetric(rm, "requests"), nullptr);
}

TEST(MetricsViews, SumAggregationOnAHistogramAndSelectorByKind) {
  otel::metrics::MeterProviderOptions options;
  otel::metrics::View view;
  view.selector.kind = InstrumentKind::kHistogram;
  view.aggregation = otel::metrics::Aggregation::sum();
  options.views.push_back(view);
  TestMetrics t(options);
  auto h = t.meter->create_histogram<double>("bytes");
  h.record(10);
  h.record(5);
  auto rm = t.Collect();
  const auto* m = FindMetric(rm, "bytes");
  ASSERT_TRUE(m && m->has_sum());
  EXPECT_DOUBLE_EQ(m->sum().data_points(0).as_double(), 15);
}
