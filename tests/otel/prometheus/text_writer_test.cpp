// OTLP -> Prometheus text: names, units, suffixes, labels, escaping, families.
#include "otel/prometheus/text_writer.h"

#include <gtest/gtest.h>

#include <tuple>

#include "../metrics/metrics_test_util.h"

using namespace otel_test;
namespace prom = otel::prometheus;

namespace {

bool HasLine(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

pbm::Metric* AddMetric(pbm::ResourceMetrics& rm, const std::string& name, const std::string& unit) {
  if (rm.scope_metrics_size() == 0) rm.add_scope_metrics()->mutable_scope()->set_name("scope");
  auto* m = rm.mutable_scope_metrics(0)->add_metrics();
  m->set_name(name);
  m->set_unit(unit);
  return m;
}

}  // namespace

TEST(PrometheusNames, SanitisingAndUnits) {
  EXPECT_EQ(prom::sanitize_metric_name("http.server.request.duration"),
            "http_server_request_duration");
  EXPECT_EQ(prom::sanitize_metric_name("a..b--c"), "a_b_c");
  EXPECT_EQ(prom::sanitize_metric_name("9lives"), "_9lives");
  EXPECT_EQ(prom::sanitize_metric_name("ns:metric"), "ns:metric");
  EXPECT_EQ(prom::sanitize_label_name("ns:label"), "ns_label");
  EXPECT_EQ(prom::sanitize_label_name("http.response.status_code"), "http_response_status_code");
  EXPECT_EQ(prom::unit_word("s", false), "seconds");
  EXPECT_EQ(prom::unit_word("ms", false), "milliseconds");
  EXPECT_EQ(prom::unit_word("By", false), "bytes");
  EXPECT_EQ(prom::unit_word("KiBy", false), "kibibytes");
  EXPECT_EQ(prom::unit_word("m/s", false), "meters_per_second");
  EXPECT_EQ(prom::unit_word("By/s", true), "bytes_per_second");
  EXPECT_EQ(prom::unit_word("{request}", false), "");
  EXPECT_EQ(prom::unit_word("{packet}/s", false), "per_second");
  EXPECT_EQ(prom::unit_word("1", true), "ratio");
  EXPECT_EQ(prom::unit_word("1", false), "");
  EXPECT_EQ(prom::format_value(0.005), "0.005");
  EXPECT_EQ(prom::format_value(10000), "10000");
  EXPECT_EQ(prom::format_value(1.0 / 0.0), "+Inf");
  EXPECT_EQ(prom::escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(prom::escape_help("line1\nline\\2"), "line1\\nline\\\\2");
}

TEST(PrometheusText, CountersHistogramsGaugesFromTheSdk) {
  otel::metrics::MeterProviderOptions options;
  options.resource = otel::Resource(otel::Attributes{{"service.name", "iss-distance-service"},
                                                     {"service.namespace", "iss"},
                                                     {"service.instance.id", "host-1"},
                                                     {"deployment.environment.name", "dev"}});
  TestMetrics t(options);
  t.meter->create_counter<int64_t>("incoming.requests", "Requests to /").add(3);
  t.meter->create_counter<int64_t>("iss.requests").add(2, {{"response.status", 200}});
  auto h = t.meter->create_histogram<double>("http.server.request.duration", "Server time", "s",
                                             {std::vector<double>{0.1, 1}});
  h.record(0.0625, {{"http.route", "/"}});
  h.record(0.5, {{"http.route", "/"}});
  h.record(5, {{"http.route", "/"}});
  t.meter->create_up_down_counter<int64_t>("queue.size", "", "{item}").add(-4);
  t.meter->create_gauge<double>("cpu.utilization", "", "1").record(0.5);
  const std::string text = prom::write_text(t.Collect());

  EXPECT_TRUE(HasLine(text, "# HELP incoming_requests_total Requests to /")) << text;
  EXPECT_TRUE(HasLine(text, "# TYPE incoming_requests_total counter")) << text;
  EXPECT_TRUE(
      HasLine(text,
              "incoming_requests_total{job=\"iss/iss-distance-service\",instance=\"host-1\","
              "otel_scope_name=\"test-scope\",otel_scope_version=\"1.2.3\"} 3"))
      << text;
  EXPECT_TRUE(
      HasLine(text,
              "iss_requests_total{response_status=\"200\",job=\"iss/iss-distance-service\","
              "instance=\"host-1\",otel_scope_name=\"test-scope\",otel_scope_version=\"1.2.3\"} 2"))
      << text;
  EXPECT_TRUE(HasLine(text, "# TYPE http_server_request_duration_seconds histogram")) << text;
  const std::string labels =
      "http_route=\"/\",job=\"iss/"
      "iss-distance-service\",instance=\"host-1\",otel_scope_name=\"test-scope\","
      "otel_scope_version=\"1.2.3\"";
  EXPECT_TRUE(
      HasLine(text, "http_server_request_duration_seconds_bucket{" + labels + ",le=\"0.1\"} 1"))
      << text;
  EXPECT_TRUE(
      HasLine(text, "http_server_request_duration_seconds_bucket{" + labels + ",le=\"1\"} 2"))
      << text;
  EXPECT_TRUE(
      HasLine(text, "http_server_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 3"))
      << text;
  EXPECT_TRUE(HasLine(text, "http_server_request_duration_seconds_sum{" + labels + "} 5.5625"))
      << text;
  EXPECT_TRUE(HasLine(text, "http_server_request_duration_seconds_count{" + labels + "} 3"))
      << text;
  EXPECT_TRUE(HasLine(text, "# TYPE queue_size gauge")) << text;
  EXPECT_TRUE(HasLine(text, "# TYPE cpu_utilization_ratio gauge")) << text;
  EXPECT_TRUE(HasLine(text, "# TYPE target_info gauge")) << text;
  EXPECT_NE(text.find("target_info{deployment_environment_name=\"dev\""), std::string::npos)
      << text;
  EXPECT_EQ(Count(text, "# TYPE incoming_requests_total"), 1u);
}

TEST(PrometheusText, OptionsForAnSdkEndpointLeaveJobInstanceToPrometheus) {
  pbm::ResourceMetrics rm;
  auto* kv = rm.mutable_resource()->add_attributes();
  kv->set_key("service.name");
  kv->mutable_value()->set_string_value("svc");
  auto* m = AddMetric(rm, "requests_total", "");
  m->mutable_sum()->set_is_monotonic(true);
  m->mutable_sum()->set_aggregation_temporality(pbm::AGGREGATION_TEMPORALITY_CUMULATIVE);
  m->mutable_sum()->add_data_points()->set_as_double(1.5);
  prom::TextOptions options;
  options.job_instance_labels = false;
  options.scope_labels = false;
  const std::string text = prom::write_text(rm, options);
  EXPECT_TRUE(HasLine(text, "requests_total 1.5")) << text;  // no doubled _total, no labels
  EXPECT_TRUE(HasLine(text, "target_info{service_name=\"svc\"} 1")) << text;
}

TEST(PrometheusText, DeltaSumsAreDroppedAndTypeConflictsKeepTheFirst) {
  pbm::ResourceMetrics rm;
  auto* delta = AddMetric(rm, "delta.counter", "");
  delta->mutable_sum()->set_is_monotonic(true);
  delta->mutable_sum()->set_aggregation_temporality(pbm::AGGREGATION_TEMPORALITY_DELTA);
  delta->mutable_sum()->add_data_points()->set_as_int(1);
  auto* gauge = AddMetric(rm, "x", "");
  gauge->mutable_gauge()->add_data_points()->set_as_int(1);
  auto* clash = AddMetric(rm, "x", "");  // same family name, another type
  clash->mutable_histogram()->set_aggregation_temporality(pbm::AGGREGATION_TEMPORALITY_CUMULATIVE);
  clash->mutable_histogram()->add_data_points()->set_count(1);
  const std::string text = prom::write_text(rm);
  EXPECT_EQ(text.find("delta_counter"), std::string::npos) << text;
  EXPECT_TRUE(HasLine(text, "# TYPE x gauge")) << text;
  EXPECT_EQ(text.find("x_bucket"), std::string::npos) << text;
}

TEST(PrometheusText, LabelCollisionsAreJoinedAndValuesEscaped) {
  pbm::ResourceMetrics rm;
  auto* m = AddMetric(rm, "g", "");
  auto* p = m->mutable_gauge()->add_data_points();
  p->set_as_double(2);
  auto add = [&](const std::string& k, const std::string& v) {
    auto* kv = p->add_attributes();
    kv->set_key(k);
    kv->mutable_value()->set_string_value(v);
  };
  add("a.b", "second");
  add("a_b", "first");
  add("quote", "say \"hi\"\n");
  prom::TextOptions options;
  options.scope_labels = false;
  options.job_instance_labels = false;
  const std::string text = prom::write_text(rm, options);
  EXPECT_TRUE(HasLine(text, "g{a_b=\"second;first\",quote=\"say \\\"hi\\\"\\n\"} 2")) << text;
}

TEST(PrometheusText, SeveralResourcesShareOneFamilyWithDistinctJobs) {
  std::vector<pbm::ResourceMetrics> resources(2);
  for (int i = 0; i < 2; ++i) {
    auto* kv = resources[static_cast<size_t>(i)].mutable_resource()->add_attributes();
    kv->set_key("service.name");
    kv->mutable_value()->set_string_value("svc" + std::to_string(i));
    auto* m = AddMetric(resources[static_cast<size_t>(i)], "up.count", "");
    m->mutable_sum()->set_is_monotonic(true);
    m->mutable_sum()->set_aggregation_temporality(pbm::AGGREGATION_TEMPORALITY_CUMULATIVE);
    m->mutable_sum()->add_data_points()->set_as_int(i + 1);
  }
  const std::string text = prom::write_text(resources);
  EXPECT_EQ(Count(text, "# TYPE up_count_total counter"), 1u) << text;
  EXPECT_EQ(Count(text, "# TYPE target_info gauge"), 1u) << text;
  EXPECT_NE(text.find("job=\"svc0\""), std::string::npos);
  EXPECT_NE(text.find("job=\"svc1\""), std::string::npos);
  // All samples of a family are contiguous (required by the text format).
  const size_t first = text.find("up_count_total{");
  const size_t last = text.rfind("up_count_total{");
  EXPECT_EQ(text.substr(first, last - first).find("# TYPE"), std::string::npos) << text;
}

// OpenMetrics (#18): counter families without `_total`, the latest exemplar of each bucket
// after its `_bucket` sample, a counter's after its `_total` sample, `# EOF`.
TEST(PrometheusText, OpenMetricsWritesExemplars) {
  pbm::ResourceMetrics rm;
  rm.mutable_resource()->add_attributes()->set_key("service.name");
  rm.mutable_resource()->mutable_attributes(0)->mutable_value()->set_string_value("svc");
  auto* counter = AddMetric(rm, "iss.requests", "");
  counter->mutable_sum()->set_is_monotonic(true);
  counter->mutable_sum()->set_aggregation_temporality(pbm::AGGREGATION_TEMPORALITY_CUMULATIVE);
  auto* c = counter->mutable_sum()->add_data_points();
  c->set_as_int(5);
  auto* ce = c->add_exemplars();
  ce->set_as_int(1);
  ce->set_time_unix_nano(1700000000123456789ULL);
  ce->set_trace_id(std::string(16, '\x11'));
  ce->set_span_id(std::string(8, '\x22'));
  auto* histogram = AddMetric(rm, "latency", "s");
  histogram->mutable_histogram()->set_aggregation_temporality(
      pbm::AGGREGATION_TEMPORALITY_CUMULATIVE);
  auto* h = histogram->mutable_histogram()->add_data_points();
  h->add_explicit_bounds(0.1);
  h->add_explicit_bounds(1);
  h->add_bucket_counts(1);
  h->add_bucket_counts(2);
  h->add_bucket_counts(0);
  h->set_count(3);
  h->set_sum(1.1);
  for (auto [value, time, span] : {std::tuple{0.5, 10ULL, '\x01'}, std::tuple{0.6, 20ULL, '\x02'},
                                   std::tuple{0.05, 5ULL, '\x03'}}) {
    auto* e = h->add_exemplars();
    e->set_as_double(value);
    e->set_time_unix_nano(time * 1000000ULL);
    e->set_trace_id(std::string(16, '\xab'));
    e->set_span_id(std::string(8, span));
    auto* attribute = e->add_filtered_attributes();
    attribute->set_key("client.address");
    attribute->mutable_value()->set_string_value("10.0.0.1");
  }
  prom::TextOptions options;
  options.open_metrics = true;
  const std::string text = prom::write_text(rm, options);
  EXPECT_TRUE(HasLine(text, "# TYPE iss_requests counter")) << text;
  const std::string ids =
      "trace_id=\"" + std::string(32, '1') + "\",span_id=\"" + std::string(16, '2') + "\"";
  EXPECT_NE(
      text.find("iss_requests_total{job=\"svc\",instance=\"\",otel_scope_name=\"scope\"} 5 # {" +
                ids + "} 1 1700000000.123\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("le=\"1\"} 3 # {trace_id=\"abababababababababababababababab\","
                      "span_id=\"0202020202020202\",client_address=\"10.0.0.1\"} 0.6 0.020\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("le=\"0.1\"} 1 # {"), std::string::npos) << text;
  EXPECT_TRUE(HasLine(
      text,
      "latency_seconds_bucket{job=\"svc\",instance=\"\",otel_scope_name=\"scope\",le=\"+Inf\"} 3"))
      << text;  // no exemplar in (1, +Inf)
  EXPECT_TRUE(text.ends_with("# EOF\n")) << text;
  EXPECT_EQ(prom::write_text(rm).find(" # {"), std::string::npos) << "0.0.4 stays unchanged";
  EXPECT_TRUE(prom::accepts_open_metrics(
      "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"));
  EXPECT_FALSE(prom::accepts_open_metrics("text/plain;version=0.0.4"));
}
