// Observable instruments (callbacks) and instrument name/unit/description validation.
#include <gtest/gtest.h>

#include <mutex>

#include "metrics_test_util.h"
#include "otel/common/internal_log.h"
#include "otel/metrics/instrument_validation.h"

using namespace otel_test;
using otel::metrics::ObserverResult;

TEST(MetricsObservable, CounterCallbackValuesAndDeltaConversion) {
  TestMetrics cumulative;
  auto delta = std::make_shared<otel::metrics::ManualReader>(
      otel::metrics::temporality_selector_for(otel::metrics::TemporalityPreference::kDelta));
  cumulative.provider->add_reader(delta);
  int64_t total = 0;
  auto cpu = cumulative.meter->create_observable_counter<int64_t>(
      "process.cpu.time",
      [&](ObserverResult<int64_t>& r) {
        r.observe(total, {{"state", "user"}});
      },
      "", "s");
  ASSERT_TRUE(cpu.enabled());
  total = 10;
  auto c1 = cumulative.Collect();
  pbm::ResourceMetrics d1;
  delta->collect(d1);
  total = 25;
  auto c2 = cumulative.Collect();
  pbm::ResourceMetrics d2;
  delta->collect(d2);
  EXPECT_EQ(FindMetric(c1, "process.cpu.time")->sum().data_points(0).as_int(), 10);
  EXPECT_EQ(FindMetric(c2, "process.cpu.time")->sum().data_points(0).as_int(), 25);
  EXPECT_TRUE(FindMetric(c2, "process.cpu.time")->sum().is_monotonic());
  EXPECT_EQ(FindMetric(d1, "process.cpu.time")->sum().data_points(0).as_int(), 10);
  EXPECT_EQ(FindMetric(d2, "process.cpu.time")->sum().data_points(0).as_int(), 15);
  EXPECT_EQ(FindMetric(d2, "process.cpu.time")->sum().aggregation_temporality(),
            pbm::AGGREGATION_TEMPORALITY_DELTA);
}

TEST(MetricsObservable, GaugeAndUpDownCounterAndCallbackRemoval) {
  TestMetrics t;
  auto gauge =
      t.meter->create_observable_gauge<double>("queue.fill", [](ObserverResult<double>& r) {
        r.observe(0.25, {{"queue", "a"}});
        r.observe(0.75, {{"queue", "b"}});
      });
  auto updown = t.meter->create_observable_up_down_counter<int64_t>("connections", nullptr);
  const uint64_t id = updown.add_callback([](ObserverResult<int64_t>& r) { r.observe(-3); });
  auto rm = t.Collect();
  const auto* g = FindMetric(rm, "queue.fill");
  ASSERT_TRUE(g && g->has_gauge());
  EXPECT_DOUBLE_EQ(FindPoint(g->gauge().data_points(), {{"queue", "b"}})->as_double(), 0.75);
  const auto* u = FindMetric(rm, "connections");
  ASSERT_TRUE(u && u->has_sum());
  EXPECT_FALSE(u->sum().is_monotonic());
  EXPECT_EQ(u->sum().data_points(0).as_int(), -3);
  updown.remove_callback(id);
  EXPECT_EQ(FindMetric(t.Collect(), "connections"), nullptr);
}

TEST(MetricsObservable, ThrowingCallbackIsReportedAndOthersStillRun) {
  std::mutex mutex;
  std::vector<std::string> messages;
  otel::internal::set_log_handler([&](otel::internal::LogLevel, std::string_view m) {
    std::lock_guard<std::mutex> lock(mutex);
    messages.emplace_back(m);
  });
  TestMetrics t;
  auto bad = t.meter->create_observable_gauge<double>(
      "bad", [](ObserverResult<double>&) { throw std::runtime_error("sensor unplugged"); });
  auto good = t.meter->create_observable_gauge<double>(
      "good", [](ObserverResult<double>& r) { r.observe(1); });
  auto rm = t.Collect();
  otel::internal::set_log_handler(nullptr);
  EXPECT_EQ(FindMetric(rm, "bad"), nullptr);
  EXPECT_NE(FindMetric(rm, "good"), nullptr);
  bool reported = false;
  for (const auto& m : messages) reported |= m.find("sensor unplugged") != std::string::npos;
  EXPECT_TRUE(reported);
}

TEST(MetricsValidation, NameRules) {
  using otel::metrics::validate_instrument_name;
  EXPECT_EQ(validate_instrument_name("http.server.request.duration"), "");
  EXPECT_EQ(validate_instrument_name("a_b-c/d.E9"), "");
  EXPECT_EQ(validate_instrument_name(std::string(255, 'a')), "");
  EXPECT_NE(validate_instrument_name(std::string(256, 'a')), "");
  EXPECT_NE(validate_instrument_name(""), "");
  EXPECT_NE(validate_instrument_name("9lives"), "");
  EXPECT_NE(validate_instrument_name("_private"), "");
  EXPECT_NE(validate_instrument_name("has space"), "");
  EXPECT_NE(validate_instrument_name("caf\xc3\xa9"), "");
  EXPECT_NE(otel::metrics::validate_instrument_unit(std::string(64, 'x')), "");
  EXPECT_EQ(otel::metrics::validate_instrument_unit("{request}"), "");
  EXPECT_NE(otel::metrics::validate_instrument_unit("\xc2\xb5s"), "");
  EXPECT_NE(otel::metrics::validate_instrument_description(std::string(1024, 'x')), "");
}

TEST(MetricsValidation, BadNameGivesOneClearWarningAndANoOpInstrument) {
  std::mutex mutex;
  std::vector<std::string> messages;
  otel::internal::set_log_handler([&](otel::internal::LogLevel, std::string_view m) {
    std::lock_guard<std::mutex> lock(mutex);
    messages.emplace_back(m);
  });
  TestMetrics t;
  auto a = t.meter->create_counter<int64_t>("1bad name");
  auto b = t.meter->create_counter<int64_t>("1bad name");
  auto o = t.meter->create_observable_gauge<double>(
      "bad gauge", [](ObserverResult<double>& r) { r.observe(1); });
  otel::internal::set_log_handler(nullptr);
  EXPECT_FALSE(a.enabled());
  EXPECT_FALSE(o.enabled());
  a.add(1);
  b.add(1);
  EXPECT_EQ(t.Collect().scope_metrics_size(), 0);
  int about_bad_name = 0;
  for (const auto& m : messages) {
    if (m.find("'1bad name'") != std::string::npos) {
      ++about_bad_name;
      EXPECT_NE(m.find("must start with an ASCII letter"), std::string::npos) << m;
    }
  }
  EXPECT_EQ(about_bad_name, 1);
}
