// fake-iss-api: a LOCAL STAND-IN for the open-notify ISS API (GET /iss-now.json),
// for scripts/demo and load tests only. Positions come from a plain circular
// orbit (51.64° inclination, 92.68 min period, the Earth turning underneath):
// plausible and moving, but NOT the real ISS. ISS_SOURCE=tle replaces it later.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>

#include "common/logging.h"
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
    service.Get("/iss-now.json", [](const httplib::Request&, httplib::Response& res) {
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
