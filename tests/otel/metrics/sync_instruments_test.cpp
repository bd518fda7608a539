// Sums, histograms, gauges and attribute handling of the synchronous instruments.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <span>
#include <thread>

#include "metrics_test_util.h"

using namespace otel_test;
using otel::metrics::InstrumentAdvice;

TEST(MetricsSum, CounterAddsPerAttributeSet) {
  TestMetrics t;
  auto counter = t.meter->create_counter<int64_t>("iss.requests", "ISS API calls", "{request}");
  counter.add(1, {{"response.status", 200}});
  counter.add(2, {{"response.status", 200}});
  counter.add(5, {{"response.status", 503}});
  counter.add(7);
  auto rm = t.Collect();
  const auto* m = FindMetric(rm, "iss.requests");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->description(), "ISS API calls");
  EXPECT_EQ(m->unit(), "{request}");
  ASSERT_TRUE(m->has_sum());
  EXPECT_TRUE(m->sum().is_monotonic());
  EXPECT_EQ(m->sum().aggregation_temporality(), pbm::AGGREGATION_TEMPORALITY_CUMULATIVE);
  ASSERT_EQ(m->sum().data_points_size(), 3);
  EXPECT_EQ(FindPoint(m->sum().data_points(), {{"response.status", "200"}})->as_int(), 3);
  EXPECT_EQ(FindPoint(m->sum().data_points(), {{"response.status", "503"}})->as_int(), 5);
  EXPECT_EQ(FindPoint(m->sum().data_points(), {})->as_int(), 7);
  EXPECT_EQ(rm.scope_metrics(0).scope().name(), "test-scope");
  EXPECT_EQ(rm.scope_metrics(0).scope().version(), "1.2.3");
}

TEST(MetricsSum, AttributeOrderDoesNotMatterAndLastDuplicateWins) {
  TestMetrics t;
  auto counter = t.meter->create_counter<double>("c");
  counter.add(1.5, {{"a", "x"}, {"b", 2}});
  counter.add(2.5, {{"b", 2}, {"a", "x"}});
  counter.add(1.0, {{"a", "y"}, {"b", 2}, {"a", "x"}});  // duplicate key: last value wins
  auto rm = t.Collect();
  const auto* m = FindMetric(rm, "c");
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->sum().data_points_size(), 1);
  EXPECT_DOUBLE_EQ(m->sum().data_points(0).as_double(), 5.0);
}

// A span of MeasurementAttribute (a stack array whose length varies per call) records
// into the same point as a braced list or an Attributes list with the same set, in any
// order; a different value or a missing key is another point.
TEST(MetricsSum, SpanOfAttributesRecordsLikeTheOtherForms) {
  TestMetrics t;
  auto counter = t.meter->create_counter<int64_t>("c");
  auto histogram = t.meter->create_histogram<double>("h");
  std::array<otel::metrics::MeasurementAttribute, 3> in_order{{{"a", "x"}, {"b", 2}, {"c", true}}};
  std::array<otel::metrics::MeasurementAttribute, 3> reversed{{{"c", true}, {"b", 2}, {"a", "x"}}};
  counter.add(1, std::span<const otel::metrics::MeasurementAttribute>(in_order));
  counter.add(2, std::span<const otel::metrics::MeasurementAttribute>(reversed));
  counter.add(4, {{"b", 2}, {"a", "x"}, {"c", true}});
  counter.add(8, otel::Attributes{{"a", "x"}, {"b", 2}, {"c", true}});
  counter.add(16, std::span<const otel::metrics::MeasurementAttribute>(in_order.data(), 2));
  in_order[1].second = 3;
  counter.add(32, std::span<const otel::metrics::MeasurementAttribute>(in_order));
  histogram.record(0.5, std::span<const otel::metrics::MeasurementAttribute>(reversed));
  histogram.record(1.5, {{"a", "x"}, {"b", 2}, {"c", true}});
  auto rm = t.Collect();
  const auto* c = FindMetric(rm, "c");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->sum().data_points_size(), 3);
  EXPECT_EQ(FindPoint(c->sum().data_points(), {{"a", "x"}, {"b", "2"}, {"c", "true"}})->as_int(),
            15);
  EXPECT_EQ(FindPoint(c->sum().data_points(), {{"a", "x"}, {"b", "2"}})->as_int(), 16);
  EXPECT_EQ(FindPoint(c->sum().data_points(), {{"a", "x"}, {"b", "3"}, {"c", "true"}})->as_int(),
            32);
  const auto* h = FindMetric(rm, "h");
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(h->histogram().data_points_size(), 1);
  EXPECT_EQ(h->histogram().data_points(0).count(), 2u);
}

TEST(MetricsSum, CumulativeKeepsGrowingAndStartTimeStays) {
  TestMetrics t;
  auto counter = t.meter->create_counter<int64_t>("c");
  counter.add(4);
  auto first = t.Collect();
  counter.add(6);
  auto second = t.Collect();
  const auto& p1 = FindMetric(first, "c")->sum().data_points(0);
  const auto& p2 = FindMetric(second, "c")->sum().data_points(0);
  EXPECT_EQ(p1.as_int(), 4);
  EXPECT_EQ(p2.as_int(), 10);
  EXPECT_EQ(p1.start_time_unix_nano(), p2.start_time_unix_nano());
  EXPECT_GE(p2.time_unix_nano(), p1.time_unix_nano());
}

TEST(MetricsSum, NegativeCounterValuesAreIgnored) {
  TestMetrics t;
  auto counter = t.meter->create_counter<double>("c");
  counter.add(3);
  counter.add(-2);
  counter.add(std::nan(""));
  EXPECT_DOUBLE_EQ(FindMetric(t.Collect(), "c")->sum().data_points(0).as_double(), 3.0);
}

TEST(MetricsSum, UpDownCounterIsNonMonotonicAndGoesDown) {
  TestMetrics t;
  auto active = t.meter->create_up_down_counter<int64_t>("active");
  active.add(5);
  active.add(-7);
  auto rm = t.Collect();
  const auto* m = FindMetric(rm, "active");
  ASSERT_NE(m, nullptr);
  EXPECT_FALSE(m->sum().is_monotonic());
  EXPECT_EQ(m->sum().data_points(0).as_int(), -2);
}

TEST(MetricsSum, ConcurrentAddsFromManyThreadsAreAllCounted) {
  TestMetrics t;
  auto counter = t.meter->create_counter<int64_t>("c");
  constexpr int kThreads = 4;
  constexpr int kAdds = 50000;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < kAdds; ++n) counter.add(1, {{"thread", i % 2}, {"kind", "x"}});
    });
  }
  // Collect concurrently with the writers: nothing may be lost between collections.
  int64_t collected = 0;
  auto delta_reader = std::make_shared<otel::metrics::ManualReader>(
      [](otel::metrics::InstrumentKind) { return otel::metrics::AggregationTemporality::kDelta; });
  t.provider->add_reader(delta_reader);
  auto collect = [&] {
    pbm::ResourceMetrics rm;
    delta_reader->collect(rm);
    if (const auto* m = FindMetric(rm, "c")) {
      for (const auto& p : m->sum().data_points()) collected += p.as_int();
    }
  };
  for (int i = 0; i < 20; ++i) collect();
  for (auto& th : threads) th.join();
  collect();
  EXPECT_EQ(collected, int64_t{kThreads} * kAdds);
}

TEST(MetricsHistogram, DefaultBoundariesBucketsMinMax) {
  TestMetrics t;
  auto h = t.meter->create_histogram<double>("latency", "", "ms");
  for (double v : {0.0, 5.0, 5.5, 10000.0, 20000.0}) h.record(v, {{"route", "/"}});
  auto rm = t.Collect();
  const auto* m = FindMetric(rm, "latency");
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->has_histogram());
  const auto& p = m->histogram().data_points(0);
  const std::vector<double> expected_bounds = {0,   5,   10,   25,   50,   75,   100,  250,
                                               500, 750, 1000, 2500, 5000, 7500, 10000};
  ASSERT_EQ(p.explicit_bounds_size(), 15);
  for (int i = 0; i < 15; ++i)
    EXPECT_EQ(p.explicit_bounds(i), expected_bounds[static_cast<size_t>(i)]);
  ASSERT_EQ(p.bucket_counts_size(), 16);
  EXPECT_EQ(p.bucket_counts(0), 1u);   // (-inf, 0]
  EXPECT_EQ(p.bucket_counts(1), 1u);   // (0, 5]: 5 is inclusive
  EXPECT_EQ(p.bucket_counts(2), 1u);   // (5, 10]
  EXPECT_EQ(p.bucket_counts(14), 1u);  // (7500, 10000]
  EXPECT_EQ(p.bucket_counts(15), 1u);  // (10000, +inf)
  EXPECT_EQ(p.count(), 5u);
  EXPECT_DOUBLE_EQ(p.sum(), 30010.5);
  EXPECT_DOUBLE_EQ(p.min(), 0.0);
  EXPECT_DOUBLE_EQ(p.max(), 20000.0);
}

TEST(MetricsHistogram, AdvisoryBoundariesAreUsedForSeconds) {
  TestMetrics t;
  InstrumentAdvice advice;
  advice.explicit_bucket_boundaries = std::vector<double>{
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};
  auto h = t.meter->create_histogram<double>("http.server.request.duration", "", "s", advice);
  h.record(0.02);
  auto rm = t.Collect();
  const auto& p = FindMetric(rm, "http.server.request.duration")->histogram().data_points(0);
  ASSERT_EQ(p.explicit_bounds_size(), 14);
  EXPECT_EQ(p.bucket_counts(2), 1u);  // (0.01, 0.025]
}

TEST(MetricsHistogram, InvalidAdvisoryBoundariesGiveANoOpInstrument) {
  TestMetrics t;
  InstrumentAdvice advice;
  advice.explicit_bucket_boundaries = std::vector<double>{1, 1, 2};
  auto h = t.meter->create_histogram<double>("h", "", "", advice);
  EXPECT_FALSE(h.enabled());
  h.record(1);
  EXPECT_EQ(FindMetric(t.Collect(), "h"), nullptr);
}

TEST(MetricsGauge, LastValueWinsPerAttributeSet) {
  TestMetrics t;
  auto g = t.meter->create_gauge<double>("temperature", "", "Cel");
  g.record(20.5, {{"room", "a"}});
  g.record(21.5, {{"room", "a"}});
  g.record(-3, {{"room", "b"}});
  auto rm = t.Collect();
  const auto* m = FindMetric(rm, "temperature");
  ASSERT_TRUE(m && m->has_gauge());
  EXPECT_DOUBLE_EQ(FindPoint(m->gauge().data_points(), {{"room", "a"}})->as_double(), 21.5);
  EXPECT_DOUBLE_EQ(FindPoint(m->gauge().data_points(), {{"room", "b"}})->as_double(), -3);
}

TEST(MetricsInstruments, SameIdentityReturnsTheSameStream) {
  TestMetrics t;
  auto a = t.meter->create_counter<int64_t>("requests");
  auto b = t.meter->create_counter<int64_t>("REQUESTS");
  a.add(1);
  b.add(2);
  auto rm = t.Collect();
  ASSERT_EQ(rm.scope_metrics(0).metrics_size(), 1);
  EXPECT_EQ(rm.scope_metrics(0).metrics(0).sum().data_points(0).as_int(), 3);
}

TEST(MetricsInstruments, AfterShutdownMeasurementsAreDropped) {
  TestMetrics t;
  auto counter = t.meter->create_counter<int64_t>("c");
  counter.add(1);
  EXPECT_TRUE(t.provider->shutdown(std::chrono::seconds(1)));
  counter.add(1);  // no crash, nothing recorded
  pbm::ResourceMetrics rm;
  EXPECT_FALSE(t.reader->collect(rm));
}

TEST(MetricsInstruments, GlobalProviderIsANoOpUntilSet) {
  auto meter = otel::metrics::get_meter_provider()->get_meter("global-test");
  auto counter = meter->create_counter<int64_t>("c");
  EXPECT_FALSE(counter.enabled());
  counter.add(1);  // a no-op, never a crash
  auto provider = std::make_shared<otel::metrics::MeterProvider>();
  otel::metrics::set_meter_provider(provider);
  EXPECT_EQ(otel::metrics::get_meter_provider(), provider);
  EXPECT_TRUE(
      otel::metrics::get_meter_provider()->get_meter("x")->create_counter<int64_t>("c").enabled());
}
