// Histogram points are striped per thread (aggregators.h): records from many threads
// into one point must still add up exactly, with min/max over all of them, whether
// collected once at the end or concurrently (delta) while the threads record.
#include <gtest/gtest.h>

#include <thread>

#include "metrics_test_util.h"

using namespace otel_test;

TEST(MetricsHistogram, ConcurrentRecordsIntoOnePointAddUpAcrossStripes) {
  TestMetrics t;
  auto histogram = t.meter->create_histogram<double>("latency", "", "ms");
  auto delta_reader = std::make_shared<otel::metrics::ManualReader>(
      [](otel::metrics::InstrumentKind) { return otel::metrics::AggregationTemporality::kDelta; });
  t.provider->add_reader(delta_reader);
  constexpr int kThreads = 6;  // more threads than stripes: some share one
  constexpr int kRecords = 20000;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      // Thread i records values i*1000 + (0..99): disjoint ranges per thread.
      for (int n = 0; n < kRecords; ++n) histogram.record(i * 1000.0 + n % 100, {{"route", "/"}});
    });
  }
  uint64_t delta_count = 0;
  double delta_sum = 0;
  uint64_t delta_buckets = 0;
  auto collect_delta = [&] {
    pbm::ResourceMetrics rm;
    delta_reader->collect(rm);
    if (const auto* m = FindMetric(rm, "latency")) {
      for (const auto& p : m->histogram().data_points()) {
        delta_count += p.count();
        delta_sum += p.sum();
        for (auto c : p.bucket_counts()) delta_buckets += c;
      }
    }
  };
  for (int i = 0; i < 20; ++i) collect_delta();
  for (auto& thread : threads) thread.join();
  collect_delta();

  double expected_sum = 0;
  for (int i = 0; i < kThreads; ++i)
    for (int n = 0; n < kRecords; ++n) expected_sum += i * 1000.0 + n % 100;
  constexpr uint64_t kTotal = uint64_t{kThreads} * kRecords;
  EXPECT_EQ(delta_count, kTotal);
  EXPECT_EQ(delta_buckets, kTotal);
  EXPECT_DOUBLE_EQ(delta_sum, expected_sum);

  const auto rm = t.Collect();  // the cumulative reader saw everything once
  const auto* m = FindMetric(rm, "latency");
  ASSERT_NE(m, nullptr);
  ASSERT_EQ(m->histogram().data_points_size(), 1);
  const auto& p = m->histogram().data_points(0);
  EXPECT_EQ(p.count(), kTotal);
  EXPECT_DOUBLE_EQ(p.sum(), expected_sum);
  EXPECT_DOUBLE_EQ(p.min(), 0.0);
  EXPECT_DOUBLE_EQ(p.max(), (kThreads - 1) * 1000.0 + 99);
  uint64_t buckets = 0;
  for (auto c : p.bucket_counts()) buckets += c;
  EXPECT_EQ(buckets, kTotal);
}
