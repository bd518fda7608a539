// One form submission through the four instrumented services is ONE trace, with the
// workshop's spans, metrics and logs, over each OTLP protocol, received by the real
// telemetry-viewer on loopback.
#include <gtest/gtest.h>

#include <set>

#include "telemetry_stack.h"

namespace integration {
namespace {

using nlohmann::json;

constexpr int kInternal = 1;
constexpr int kServer = 2;
constexpr int kClient = 3;

// An attribute's value as text, whatever JSON type the viewer gave it.
std::string Attr(const json& span, const std::string& key) {
  const json& attributes = span.value("attributes", json::object());
  if (!attributes.contains(key)) return "<missing>";
  const json& value = attributes[key];
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::set<std::string> ServicesOf(const json& spans) {
  std::set<std::string> services;
  for (const auto& span : spans) services.insert(span.value("service", ""));
  return services;
}

// The spans of `service` named `name`.
std::vector<json> Find(const json& spans, const std::string& service, const std::string& name) {
  std::vector<json> found;
  for (const auto& span : spans) {
    if (span.value("service", "") == service && span.value("name", "") == name)
      found.push_back(span);
  }
  return found;
}

// The latest value of a counter's series with `attribute` = `value` (or any series).
std::optional<double> CounterValue(const json& metric, const std::string& attribute = "",
                                   const std::string& value = "") {
  std::optional<double> latest;
  for (const auto& series : metric.value("series", json::array())) {
    if (!attribute.empty()) {
      const json& attributes = series.value("attributes", json::object());
      if (!attributes.contains(attribute)) continue;
      const json& v = attributes[attribute];
      if ((v.is_string() ? v.get<std::string>() : v.dump()) != value) continue;
    }
    for (const auto& point : series.value("points", json::array())) {
      if (point.contains("value")) latest = point["value"].get<double>();
    }
  }
  return latest;
}

class TelemetryTrace : public ::testing::TestWithParam<std::string> {};

TEST_P(TelemetryTrace, FormSubmissionIsOneTraceWithSpansMetricsAndLogs) {
  const std::string protocol = GetParam();
  Viewer viewer;
  ASSERT_TRUE(viewer.ready());
  TelemetryStack stack(FastExport(viewer.endpoint(protocol), protocol),
                       viewer.ui_url() + "/trace/{trace_id}");
  ASSERT_TRUE(stack.ready());

  auto page = stack.frontend.Client().Post("/", httplib::Params{{"location", "London"}});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200) << page->body;
  std::optional<std::string> trace_id = TraceIdInPage(page->body);
  ASSERT_TRUE(trace_id) << "no trace link on the result page";

  // frontend 2 + gateway 3 + geolocator 2 + iss-distance 4 (server, two internal, client).
  const size_t expected_spans = 11;
  json trace = viewer.WaitFor("/api/traces/" + *trace_id, [&](const json& t) {
    return t.value("spans", json::array()).size() >= expected_spans;
  });
  const json spans = trace.value("spans", json::array());
  ASSERT_EQ(spans.size(), expected_spans) << trace.dump(1);
  EXPECT_EQ(ServicesOf(spans), (std::set<std::string>{"frontend", "gateway", "geolocator-service",
                                                      "iss-distance-service"}));

  std::map<std::string, json> by_id;
  for (const auto& span : spans) by_id[span["spanId"].get<std::string>()] = span;
  auto parent_of = [&](const json& span) -> json {
    auto it = by_id.find(span.value("parentSpanId", ""));
    return it == by_id.end() ? json() : it->second;
  };

  // frontend SERVER (the root) -> frontend CLIENT -> gateway SERVER
  auto frontend_server = Find(spans, "frontend", "POST /");
  ASSERT_EQ(frontend_server.size(), 1u);
  EXPECT_EQ(frontend_server[0]["kind"], kServer);
  EXPECT_TRUE(parent_of(frontend_server[0]).is_null());
  EXPECT_EQ(Attr(frontend_server[0], "http.route"), "/");
  EXPECT_EQ(Attr(frontend_server[0], "http.response.status_code"), "200");
  auto frontend_client = Find(spans, "frontend", "GET");
  ASSERT_EQ(frontend_client.size(), 1u);
  EXPECT_EQ(frontend_client[0]["kind"], kClient);
  EXPECT_EQ(frontend_client[0]["parentSpanId"], frontend_server[0]["spanId"]);
  EXPECT_EQ(Attr(frontend_client[0], "url.full"), stack.gateway.url() + "?location=London");

  auto gateway_server = Find(spans, "gateway", "GET /");
  ASSERT_EQ(gateway_server.size(), 1u);
  EXPECT_EQ(gateway_server[0]["kind"], kServer);
  EXPECT_EQ(gateway_server[0]["parentSpanId"], frontend_client[0]["spanId"]);

  // gateway CLIENT x2 -> geolocator SERVER / iss-distance SERVER
  auto gateway_clients = Find(spans, "gateway", "GET");
  ASSERT_EQ(gateway_clients.size(), 2u);
  std::map<std::string, json> client_by_server_port;
  for (const auto& client : gateway_clients) {
    EXPECT_EQ(client["kind"], kClient);
    EXPECT_EQ(client["parentSpanId"], gateway_server[0]["spanId"]);
    EXPECT_EQ(Attr(client, "http.response.status_code"), "200");
    client_by_server_port[Attr(client, "server.port")] = client;
  }
  auto geolocator_server = Find(spans, "geolocator-service", "GET /");
  ASSERT_EQ(geolocator_server.size(), 1u);
  EXPECT_EQ(geolocator_server[0]["parentSpanId"],
            client_by_server_port[std::to_string(stack.geolocator.port())]["spanId"]);
  auto iss_server = Find(spans, "iss-distance-service", "GET /");
  ASSERT_EQ(iss_server.size(), 1u);
  EXPECT_EQ(iss_server[0]["parentSpanId"],
            client_by_server_port[std::to_string(stack.iss_distance.port())]["spanId"]);

  // Their internal spans.
  auto lookup = Find(spans, "geolocator-service", "getting-coordinates-for-location");
  ASSERT_EQ(lookup.size(), 1u);
  EXPECT_EQ(lookup[0]["kind"], kInternal);
  EXPECT_EQ(lookup[0]["parentSpanId"], geolocator_server[0]["spanId"]);
  EXPECT_EQ(Attr(lookup[0], "location"), "London");

  auto calculating = Find(spans, "iss-distance-service", "calculating-iss-distance");
  ASSERT_EQ(calculating.size(), 1u);
  EXPECT_EQ(calculating[0]["parentSpanId"], iss_server[0]["spanId"]);
  auto coordinates = Find(spans, "iss-distance-service", "getting-iss-coordinates");
  ASSERT_EQ(coordinates.size(), 1u);
  EXPECT_EQ(coordinates[0]["parentSpanId"], calculating[0]["spanId"]);
  EXPECT_EQ(Attr(coordinates[0], "http.request.method"), "GET");
  EXPECT_EQ(Attr(coordinates[0], "http.response.status_code"), "200");
  EXPECT_EQ(Attr(coordinates[0], "url.full"), stack.iss.url());
  EXPECT_EQ(Attr(coordinates[0], "iss.position"), "10.5,20.25");
  auto iss_call = Find(spans, "iss-distance-service", "GET");
  ASSERT_EQ(iss_call.size(), 1u);
  EXPECT_EQ(iss_call[0]["parentSpanId"], coordinates[0]["spanId"]);

  // Metrics: the workshop's counters, and the HTTP server histogram from every service.
  json incoming = viewer.WaitFor("/api/metrics/incoming.requests?service=iss-distance-service",
                                 [](const json& m) { return CounterValue(m).has_value(); });
  EXPECT_EQ(CounterValue(incoming), 1.0) << incoming.dump();
  json iss_requests = viewer.WaitFor("/api/metrics/iss.requests?service=iss-distance-service",
                                     [](const json& m) { return CounterValue(m).has_value(); });
  EXPECT_EQ(CounterValue(iss_requests, "response.status", "200"), 1.0) << iss_requests.dump();
  json durations = viewer.WaitFor("/api/metrics", [](const json& all) {
    for (const auto& metric : all.value("metrics", json::array())) {
      if (metric.value("name", "") == "http.server.request.duration")
        return metric.value("services", json::array()).size() == 4;
    }
    return false;
  });
  bool have_server_durations = false;
  for (const auto& metric : durations.value("metrics", json::array())) {
    if (metric.value("name", "") != "http.server.request.duration") continue;
    have_server_durations = true;
    EXPECT_EQ(metric.value("type", ""), "histogram");
    EXPECT_EQ(metric.value("unit", ""), "s");
    EXPECT_EQ(metric["services"].size(), 4u) << metric.dump();
  }
  EXPECT_TRUE(have_server_durations);

  // Logs of the request, from every service, carry its trace id.
  json logs = viewer.WaitFor("/api/logs?traceId=" + *trace_id, [](const json& l) {
    std::set<std::string> services;
    for (const auto& log : l.value("logs", json::array()))
      services.insert(log.value("service", ""));
    return services.size() == 4;
  });
  std::set<std::string> logging_services;
  bool received_line = false;
  for (const auto& log : logs.value("logs", json::array())) {
    logging_services.insert(log.value("service", ""));
    EXPECT_EQ(log.value("traceId", ""), *trace_id);
    EXPECT_EQ(log.value("spanId", "").size(), 16u);
    if (log.value("body", "").rfind("received request from IP address: ", 0) == 0) {
      received_line = true;
      EXPECT_EQ(log.value("service", ""), "iss-distance-service");
    }
  }
  EXPECT_EQ(logging_services.size(), 4u) << logs.dump(1);
  EXPECT_TRUE(received_line) << logs.dump(1);
}

INSTANTIATE_TEST_SUITE_P(Protocols, TelemetryTrace,
                         ::testing::Values("grpc", "http/protobuf", "http/json"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name)
                             if (c == '/') c = '_';
                           return name;
                         });

}  // namespace
}  // namespace integration
