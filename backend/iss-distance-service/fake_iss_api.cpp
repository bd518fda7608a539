// fake-iss-api: a LOCAL STAND-IN for the open-notify ISS API (GET /iss-now.json),
// for scripts/demo and load tests only. Positions come from a plain circular
// orbit (51.64° inclination, 92.68 min period, the Earth turning underneath):
// plausible and moving, but NOT the real ISS. ISS_SOURCE=tle replaces it later.
// POST /fail-next?status=503 makes the next answer that error status (default 500),
// so scripts/check-workshop can show a failing ISS call.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cmath>

#include "common/json_response.h"
#include "common/logging.h"
#include "common/query.h"
#include "common/server.h"
#include "common/settings.h"

namespace {

struct GroundPoint {
  double latitude;
  double longitude;
};

GroundPoint MadeUpIssPosition(long long unix_seconds) {
  constexpr double kInclination = 51.64 * M_PI / 180;
  constexpr double kPeriodSeconds = 92.68 * 60;
  constexpr double kEarthRadiansPerSecond = 2 * M_PI / 86164.0905;
  double t = static_cast<double>(unix_seconds - 1'700'000'000);
  double u = 2 * M_PI * std::fmod(t, kPeriodSeconds) / kPeriodSeconds;  // argument of latitude
  double latitude = std::asin(std::sin(kInclination) * std::sin(u));
  double longitude = std::atan2(std::cos(kInclination) * std::sin(u), std::cos(u)) -
                     std::fmod(kEarthRadiansPerSecond * t, 2 * M_PI);
  longitude = std::remainder(longitude, 2 * M_PI);
  return {latitude * 180 / M_PI, longitude * 180 / M_PI};
}

}  // namespace

int main() {
  return common::RunMain("fake-iss-api", [] {
    common::SetupConsoleLogging("fake-iss-api");
    common::Service service(common::ServerOptionsFromEnv("fake-iss-api"));
    std::atomic<int> fail_next_with{0};  // 0: answer normally
    service.Post("/fail-next", [&](const httplib::Request& req, httplib::Response& res) {
      int status = 500;
      if (req.has_param("status")) {
        common::Expected<double> asked = common::RequireNumberInRange(req, "status", 400, 599);
        if (!asked) return common::SendError(res, 400, asked.error());
        status = static_cast<int>(*asked);
      }
      fail_next_with = status;
      res.set_content("the next /iss-now.json answers " + std::to_string(status) + "\n",
                      "text/plain");
    });
    service.Get("/iss-now.json", [&](const httplib::Request&, httplib::Response& res) {
      if (int status = fail_next_with.exchange(0); status != 0) {
        res.status = status;
        res.set_content(R"({"message": "failure"})", "application/json");
        return;
      }
      long long now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
      GroundPoint point = MadeUpIssPosition(now);
      res.set_content(
          fmt::format(R"({{"message": "success", "timestamp": {}, )"
                      R"("iss_position": {{"latitude": "{:.4f}", "longitude": "{:.4f}"}}}})",
                      now, point.latitude, point.longitude),
          "application/json");
    });
    spdlog::warn("this is a FAKE ISS API with made-up positions, not the real ISS");
    return service.Run();
  });
}
