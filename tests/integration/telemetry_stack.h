// The four instrumented services exporting to a telemetry-viewer on free loopback
// ports, and polling helpers for the viewer's JSON API. Export intervals are short
// (100-200 ms) so a test sees its telemetry within a second.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include "process.h"
#include "service_stack.h"

namespace integration {

// build/bin/telemetry-viewer on free ports: UI/API, OTLP gRPC, OTLP HTTP; `env` adds
// settings (limits such as MAX_BYTES).
class Viewer {
 public:
  explicit Viewer(std::map<std::string, std::string> env = {})
      : api_port_(testsupport::FreePort()),
        grpc_port_(testsupport::FreePort()),
        http_port_(testsupport::FreePort()) {
    env["HOST"] = "127.0.0.1";
    env["PORT"] = std::to_string(api_port_);
    env["OTLP_GRPC_PORT"] = std::to_string(grpc_port_);
    env["OTLP_HTTP_PORT"] = std::to_string(http_port_);
    testsupport::ChildProcess::Options options;
    options.env = std::move(env);
    process_ = std::make_unique<testsupport::ChildProcess>(
        testsupport::BinaryPath("telemetry-viewer"), std::vector<std::string>{}, options);
    ready_ = testsupport::WaitForPort(api_port_, 15s) && testsupport::WaitForPort(grpc_port_, 5s) &&
             testsupport::WaitForPort(http_port_, 5s);
  }
  bool ready() const { return ready_; }
  testsupport::ChildProcess& process() { return *process_; }
  int http_port() const { return http_port_; }
  std::string grpc_address() const { return "127.0.0.1:" + std::to_string(grpc_port_); }
  bool Healthy() const {
    httplib::Client client("127.0.0.1", api_port_);
    client.set_read_timeout(2, 0);
    auto res = client.Get("/healthz");
    return res && res->status == 200;
  }
  // The OTLP endpoint for OTEL_EXPORTER_OTLP_PROTOCOL `protocol`.
  std::string endpoint(const std::string& protocol) const {
    return "http://127.0.0.1:" + std::to_string(protocol == "grpc" ? grpc_port_ : http_port_);
  }
  std::string ui_url() const { return "http://127.0.0.1:" + std::to_string(api_port_); }

  // GET on the JSON API; a discarded json when it fails.
  nlohmann::json Get(const std::string& path_and_query) const {
    httplib::Client client("127.0.0.1", api_port_);
    client.set_read_timeout(5, 0);
    auto res = client.Get(path_and_query);
    if (!res || res->status != 200) return nlohmann::json(nlohmann::json::value_t::discarded);
    return nlohmann::json::parse(res->body, nullptr, false);
  }

  // Polls `path` until `done(json)` or `timeout`; returns the last answer.
  nlohmann::json WaitFor(const std::string& path,
                         const std::function<bool(const nlohmann::json&)>& done,
                         std::chrono::milliseconds timeout = 10s) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    nlohmann::json last;
    while (true) {
      last = Get(path);
      if (!last.is_discarded() && done(last)) return last;
      if (std::chrono::steady_clock::now() > deadline) return last;
      std::this_thread::sleep_for(100ms);
    }
  }

 private:
  int api_port_;
  int grpc_port_;
  int http_port_;
  bool ready_ = false;
  std::unique_ptr<testsupport::ChildProcess> process_;
};

// OTEL_* settings for a service exporting everything quickly to `endpoint`.
inline std::map<std::string, std::string> FastExport(const std::string& endpoint,
                                                     const std::string& protocol) {
  return {{"OTEL_EXPORTER_OTLP_ENDPOINT", endpoint},
          {"OTEL_EXPORTER_OTLP_PROTOCOL", protocol},
          {"OTEL_BSP_SCHEDULE_DELAY", "100"},
          {"OTEL_BLRP_SCHEDULE_DELAY", "100"},
          {"OTEL_METRIC_EXPORT_INTERVAL", "200"},
          {"OTEL_EXPORTER_OTLP_TIMEOUT", "2000"},
          // RunningBinary turns exporters off unless a test asks for them.
          {"OTEL_TRACES_EXPORTER", "otlp"},
          {"OTEL_METRICS_EXPORTER", "otlp"},
          {"OTEL_LOGS_EXPORTER", "otlp"}};
}

inline std::map<std::string, std::string> With(std::map<std::string, std::string> base,
                                               const std::map<std::string, std::string>& extra) {
  for (const auto& [key, value] : extra) base[key] = value;
  return base;
}

// The four services with telemetry settings `otel` (plus the live ISS source against the
// fake ISS API, so iss.requests has something to count).
struct TelemetryStack {
  TelemetryStack(const std::map<std::string, std::string>& otel, const std::string& trace_ui_url)
      : geolocator("geolocator-service", otel),
        iss_distance("iss-distance-service", With(otel, {{"ISS_SOURCE", "live"},
                                                         {"ISS_NOW_URL", iss.url()},
                                                         {"UPSTREAM_TIMEOUT_SECONDS", "2"}})),
        gateway("gateway", With(otel, {{"GEOLOCATOR_SERVICE_URL", geolocator.url()},
                                       {"ISS_DISTANCE_SERVICE_URL", iss_distance.url()},
                                       {"UPSTREAM_TIMEOUT_SECONDS", "4"}})),
        frontend("frontend",
                 With(otel, {{"GATEWAY_URL", gateway.url()}, {"TRACE_UI_URL", trace_ui_url}})) {}
  bool ready() const {
    return geolocator.ready() && iss_distance.ready() && gateway.ready() && frontend.ready();
  }

  FakeIssApi iss;
  RunningBinary geolocator;
  RunningBinary iss_distance;
  RunningBinary gateway;
  RunningBinary frontend;
};

// The 32-hex trace id in a page's ".../trace/<id>" link, if any.
inline std::optional<std::string> TraceIdInPage(const std::string& html) {
  static const std::regex link(R"(/trace/([0-9a-f]{32}))");
  std::smatch match;
  if (!std::regex_search(html, match, link)) return std::nullopt;
  return match[1].str();
}

}  // namespace integration
