// Starts the real service binaries on free loopback ports, with fakes of the
// outside world (the ISS API, Nominatim) inside the test process.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "local_http_server.h"
#include "process.h"

namespace integration {

using namespace std::chrono_literals;

// The fake ISS position.
constexpr double kIssLatitude = 10.5;
constexpr double kIssLongitude = 20.25;

enum class IssMode { kOk, kServerError, kGarbage, kSlow };

// An open-notify look-alike whose behaviour a test switches.
class FakeIssApi {
 public:
  FakeIssApi()
      : server_([this](httplib::Server& server) {
          server.Get("/iss-now.json", [this](const httplib::Request&, httplib::Response& res) {
            ++calls;
            switch (mode.load()) {
              case IssMode::kServerError:
                res.status = 500;
                res.set_content("upstream exploded", "text/plain");
                return;
              case IssMode::kGarbage:
                res.set_content(R"({"message": "success", "iss_position": {"latitude": "north"}})",
                                "application/json");
                return;
              case IssMode::kSlow:
                server_.SleepUnlessStopping(slow_for);
                [[fallthrough]];
              case IssMode::kOk:
                res.set_content(
                    R"({"message": "success", "timestamp": 1700000000, "iss_position": {"latitude": "10.5", "longitude": "20.25"}})",
                    "application/json");
            }
          });
        }) {}
  std::string url() const { return server_.url("/iss-now.json"); }

  std::atomic<IssMode> mode{IssMode::kOk};
  std::atomic<int> calls{0};
  std::chrono::milliseconds slow_for{3000};

 private:
  testsupport::LocalHttpServer server_;
};

// A running service binary and its loopback URL.
class RunningBinary {
 public:
  RunningBinary(const std::string& binary, std::map<std::string, std::string> env) {
    port_ = testsupport::FreePort();
    env["PORT"] = std::to_string(port_);
    env["HOST"] = "127.0.0.1";
    // A test that points the service at a (fake) ISS API means the live source.
    if (env.count("ISS_NOW_URL") && !env.count("ISS_SOURCE")) env["ISS_SOURCE"] = "live";
    // Functional tests export no telemetry (so nothing is sent to whatever listens on
    // :4317, e.g. a running demo); the telemetry_* tests bring their own receiver.
    for (const char* exporter :
         {"OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER"}) {
      env.emplace(exporter, "none");
    }
    testsupport::ChildProcess::Options options;
    options.env = std::move(env);
    // The workshop's fault switches too (README Section 5 has attendees export
    // WORKSHOP_FAULT): a test that wants a fault sets it.
    options.unset_env = {"GEOCODER",      "ISS_SOURCE",           "UPSTREAM_TIMEOUT_SECONDS",
                         "TRACE_UI_URL",  "WORKSHOP_FAULT",       "FAULT_SLOW_PLACES",
                         "FAULT_SLOW_MS", "FAULT_ISS_API_ERRORS", "FAULT_GATEWAY_RETRIES"};
    process_ = std::make_unique<testsupport::ChildProcess>(testsupport::BinaryPath(binary),
                                                           std::vector<std::string>{}, options);
    ready_ = testsupport::WaitForPort(port_, 15s);
  }
  bool ready() const { return ready_; }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  testsupport::ChildProcess& process() { return *process_; }
  httplib::Client Client() const {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(20, 0);
    return client;
  }

 private:
  int port_ = 0;
  bool ready_ = false;
  std::unique_ptr<testsupport::ChildProcess> process_;
};

// All four services wired together against a fake ISS API.
struct Stack {
  explicit Stack(const std::string& iss_timeout_seconds = "2")
      : geolocator("geolocator-service", {}),
        iss_distance("iss-distance-service", {{"ISS_NOW_URL", iss.url()},
                                              {"UPSTREAM_TIMEOUT_SECONDS", iss_timeout_seconds}}),
        gateway("gateway", {{"GEOLOCATOR_SERVICE_URL", geolocator.url()},
                            {"ISS_DISTANCE_SERVICE_URL", iss_distance.url()},
                            {"UPSTREAM_TIMEOUT_SECONDS", "4"}}),
        frontend("frontend", {{"GATEWAY_URL", gateway.url()}}) {}
  bool ready() const {
    return geolocator.ready() && iss_distance.ready() && gateway.ready() && frontend.ready();
  }

  FakeIssApi iss;
  RunningBinary geolocator;
  RunningBinary iss_distance;
  RunningBinary gateway;
  RunningBinary frontend;
};

}  // namespace integration
