// Exemplars (#18): the filter (trace_based, always_on, always_off, the environment
// variable), the aligned-histogram-bucket and fixed-size reservoirs, filtered attributes,
// temporality, and the OTLP JSON form.
#include <gtest/gtest.h>

#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "metrics_test_util.h"
#include "otel/common/internal_log.h"
#include "otel/context/context.h"
#include "otel/exporters/otlp/otlp_json.h"
#include "otel/metrics/exemplar_filter.h"
#include "otel/trace/span.h"
#include "scoped_env.h"
#include "support/captured_warnings.h"

using namespace otel_test;
using otel::metrics::ExemplarFilter;
using testsupport::ScopedEnv;

namespace {

constexpr const char* kTraceHex = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr const char* kSpanHex = "00f067aa0ba902b7";

std::shared_ptr<otel::trace::Span> MakeSpan(bool sampled, const char* trace = kTraceHex,
                                            const char* span = kSpanHex) {
  return std::make_shared<otel::trace::Span>(otel::trace::SpanContext(
      *otel::trace::TraceId::from_hex(trace), *otel::trace::SpanId::from_hex(span),
      otel::trace::TraceFlags(sampled ? 1 : 0), false));
}

otel::metrics::MeterProviderOptions WithFilter(ExemplarFilter filter) {
  otel::metrics::MeterProviderOptions options;
  options.exemplar_filter = filter;
  return options;
}

std::string Hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

const pbm::HistogramDataPoint& OnlyHistogramPoint(const pbm::ResourceMetrics& rm,
                                                  const std::string& name) {
  const auto* m = FindMetric(rm, name);
  EXPECT_NE(m, nullptr);
  EXPECT_EQ(m->histogram().data_points_size(), 1);
  return m->histogram().data_points(0);
}

}  // namespace

TEST(MetricsExemplars, FilterParsingAndEnvironment) {
  EXPECT_EQ(otel::metrics::parse_exemplar_filter(" Always_On "), ExemplarFilter::kAlwaysOn);
  EXPECT_EQ(otel::metrics::parse_exemplar_filter("always_off"), ExemplarFilter::kAlwaysOff);
  EXPECT_EQ(otel::metrics::parse_exemplar_filter("TRACE_BASED"), ExemplarFilter::kTraceBased);
  EXPECT_EQ(otel::metrics::parse_exemplar_filter("sometimes"), std::nullopt);
  {
    ScopedEnv unset("OTEL_METRICS_EXEMPLAR_FILTER", "");
    EXPECT_EQ(otel::metrics::exemplar_filter_from_env(), ExemplarFilter::kTraceBased);
  }
  {
    ScopedEnv on("OTEL_METRICS_EXEMPLAR_FILTER", "always_on");
    EXPECT_EQ(otel::metrics::exemplar_filter_from_env(), ExemplarFilter::kAlwaysOn);
  }
  {
    CapturedWarnings warnings;
    ScopedEnv bad("OTEL_METRICS_EXEMPLAR_FILTER", "sometimes");
    EXPECT_EQ(otel::metrics::exemplar_filter_from_env(), ExemplarFilter::kTraceBased);
    const std::string text = warnings.Text();
    EXPECT_NE(text.find("OTEL_METRICS_EXEMPLAR_FILTER='sometimes'"), std::string::npos) << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;  // one line
  }
}

TEST(MetricsExemplars, TraceBasedKeepsOnlySampledSpansWithTheirIds) {
  TestMetrics t(WithFilter(ExemplarFilter::kTraceBased));
  auto h = t.meter->create_histogram<double>("latency", "", "ms");
  h.record(3);  // no span
  {
    auto scope = otel::Context::current().with_span(MakeSpan(false)).attach();
    h.record(4);  // unsampled
  }
  auto rm = t.Collect();
  EXPECT_EQ(OnlyHistogramPoint(rm, "latency").exemplars_size(), 0);

  {
    auto scope = otel::Context::current().with_span(MakeSpan(true)).attach();
    h.record(7);
  }
  rm = t.Collect();
  const auto& p = OnlyHistogramPoint(rm, "latency");
  ASSERT_EQ(p.exemplars_size(), 1);
  const auto& e = p.exemplars(0);
  EXPECT_EQ(Hex(e.trace_id()), kTraceHex);
  EXPECT_EQ(Hex(e.span_id()), kSpanHex);
  EXPECT_EQ(e.value_case(), pbm::Exemplar::kAsDouble);
  EXPECT_EQ(e.as_double(), 7);
  EXPECT_GT(e.time_unix_nano(), 0u);
  EXPECT_EQ(e.filtered_attributes_size(), 0);
}

TEST(MetricsExemplars, AlwaysOffGivesNone) {
  TestMetrics t(WithFilter(ExemplarFilter::kAlwaysOff));
  auto h = t.meter->create_histogram<double>("latency");
  auto c = t.meter->create_counter<std::int64_t>("requests");
  auto scope = otel::Context::current().with_span(MakeSpan(true)).attach();
  h.record(5);
  c.add(1);
  auto rm = t.Collect();
  EXPECT_EQ(OnlyHistogramPoint(rm, "latency").exemplars_size(), 0);
  EXPECT_EQ(FindMetric(rm, "requests")->sum().data_points(0).exemplars_size(), 0);
}

TEST(MetricsExemplars, AlwaysOnWithoutSpanHasNoIds) {
  TestMetrics t(WithFilter(ExemplarFilter::kAlwaysOn));
  auto h = t.meter->create_histogram<std::int64_t>("size", "", "By");
  h.record(12);
  auto rm = t.Collect();
  const auto& p = OnlyHistogramPoint(rm, "size");
  ASSERT_EQ(p.exemplars_size(), 1);
  EXPECT_TRUE(p.exemplars(0).trace_id().empty());
  EXPECT_TRUE(p.exemplars(0).span_id().empty());
  EXPECT_EQ(p.exemplars(0).value_case(), pbm::Exemplar::kAsInt);  // an int64 instrument
  EXPECT_EQ(p.exemplars(0).as_int(), 12);
}

TEST(MetricsExemplars, AtMostOneExemplarPerBucketTheLastOne) {
  otel::metrics::MeterProviderOptions options = WithFilter(ExemplarFilter::kAlwaysOn);
  otel::metrics::View view;
  view.selector.name = "latency";
  view.aggregation = otel::metrics::Aggregation::explicit_buckets({10, 20});
  options.views.push_back(view);
  TestMetrics t(options);
  auto h = t.meter->create_histogram<double>("latency");
  // Four threads (all four stripes), many values per bucket: still one exemplar per bucket.
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&h] {
      for (int k = 0; k < 1000; ++k) h.record(k % 2 == 0 ? 5.0 : 15.0);
    });
  }
  for (auto& thread : threads) thread.join();
  // Stripes are merged by exemplar time, which has the coarse clock's resolution (one
  // kernel tick, <= 10 ms): "last" across threads holds from one tick to the next.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  {
    auto scope = otel::Context::current().with_span(MakeSpan(true)).attach();
    h.record(12);  // the latest in bucket (10, 20]
  }
  auto rm = t.Collect();
  const auto& p = OnlyHistogramPoint(rm, "latency");
  ASSERT_EQ(p.exemplars_size(), 2);  // buckets (-inf,10] and (10,20]; (20,+inf) saw nothing
  EXPECT_EQ(p.exemplars(0).as_double(), 5);
  EXPECT_TRUE(p.exemplars(0).trace_id().empty());
  EXPECT_EQ(p.exemplars(1).as_double(), 12);
  EXPECT_EQ(Hex(p.exemplars(1).trace_id()), kTraceHex);
}

TEST(MetricsExemplars, FilteredAttributesAreTheOnesTheViewDropped) {
  otel::metrics::MeterProviderOptions options = WithFilter(ExemplarFilter::kTraceBased);
  otel::metrics::View view;
  view.selector.name = "http.server.request.duration";
  view.attribute_keys = std::vector<std::string>{"http.route"};
  options.views.push_back(view);
  TestMetrics t(options);
  auto h = t.meter->create_histogram<double>("http.server.request.duration", "", "s");
  auto scope = otel::Context::current().with_span(MakeSpan(true)).attach();
  h.record(0.2, {{"http.route", "/"}, {"client.address", "10.0.0.1"}, {"user.id", 7}});
  auto rm = t.Collect();
  const auto& p = OnlyHistogramPoint(rm, "http.server.request.duration");
  ASSERT_EQ(p.exemplars_size(), 1);
  std::map<std::string, std::string> filtered;
  for (const auto& kv : p.exemplars(0).filtered_attributes())
    filtered[kv.key()] = otel::exporters::otlp::from_proto(kv.value()).to_string();
  EXPECT_EQ(filtered,
            (std::map<std::string, std::string>{{"client.address", "10.0.0.1"}, {"user.id", "7"}}));
}

TEST(MetricsExemplars, CounterUsesABoundedFixedSizeReservoir) {
  TestMetrics t(WithFilter(ExemplarFilter::kTraceBased));
  auto c = t.meter->create_counter<std::int64_t>("requests");
  std::set<std::string> offered;
  for (int i = 0; i < 50; ++i) {
    char span_hex[17];
    std::snprintf(span_hex, sizeof span_hex, "%016x", i + 1);
    offered.insert(span_hex);
    auto scope = otel::Context::current().with_span(MakeSpan(true, kTraceHex, span_hex)).attach();
    c.add(2);
  }
  auto rm = t.Collect();
  const auto& p = FindMetric(rm, "requests")->sum().data_points(0);
  EXPECT_EQ(p.as_int(), 100);
  ASSERT_GE(p.exemplars_size(), 1);
  ASSERT_LE(p.exemplars_size(), 4);
  for (const auto& e : p.exemplars()) {
    EXPECT_EQ(e.as_int(), 2);
    EXPECT_TRUE(offered.count(Hex(e.span_id()))) << Hex(e.span_id());
  }
}

TEST(MetricsExemplars, DeltaReaderGetsEachPeriodsExemplarsOnce) {
  TestMetrics t(WithFilter(ExemplarFilter::kTraceBased), [](otel::metrics::InstrumentKind) {
    return otel::metrics::AggregationTemporality::kDelta;
  });
  auto h = t.meter->create_histogram<double>("latency");
  {
    auto scope = otel::Context::current().with_span(MakeSpan(true)).attach();
    h.record(3);
  }
  EXPECT_EQ(OnlyHistogramPoint(t.Collect(), "latency").exemplars_size(), 1);
  h.record(3);  // no span: counted, no exemplar
  EXPECT_EQ(OnlyHistogramPoint(t.Collect(), "latency").exemplars_size(), 0);
}

TEST(MetricsExemplars, OtlpJsonHasHexIds) {
  TestMetrics t(WithFilter(ExemplarFilter::kTraceBased));
  auto h = t.meter->create_histogram<double>("latency");
  {
    auto scope = otel::Context::current().with_span(MakeSpan(true)).attach();
    h.record(3);
  }
  auto rm = t.Collect();
  const std::string json = otel::exporters::otlp::to_otlp_json(rm);
  EXPECT_NE(json.find(std::string("\"traceId\":\"") + kTraceHex + "\""), std::string::npos) << json;
  EXPECT_NE(json.find(std::string("\"spanId\":\"") + kSpanHex + "\""), std::string::npos) << json;
}
