// The coarse-step pass search must find the same first pass as a dense brute-force scan.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "orbit/satellite_tracker.h"

namespace {

using std::chrono::seconds;

// First instant (10 s resolution) within 24 h at which the elevation reaches 10 degrees.
std::optional<orbit::TimePoint> BruteForceRise(const orbit::SatelliteTracker& tracker,
                                               const orbit::Observer& observer,
                                               orbit::TimePoint from) {
  for (auto t = from; t <= from + std::chrono::hours(24); t += seconds(10)) {
    if (tracker.LookFrom(observer, t)->elevation_deg >= 10.0) return t;
  }
  return std::nullopt;
}

TEST(PassSearch, AgreesWithBruteForceEverywhere) {
  const auto tracker = orbit::SatelliteTracker::BundledIss();
  const orbit::Observer observers[] = {
      {48.8566, 2.3522, 0.035}, {-33.87, 151.21, 0.0}, {64.15, -21.94, 0.0}, {0.0, -78.5, 2.8},
      {35.68, 139.69, 0.0},     {-54.8, -68.3, 0.0},   {60.0, 100.0, 0.0}};
  int passes = 0;
  for (const orbit::Observer& observer : observers) {
    for (int start_hour : {0, 7, 30, 200}) {
      const orbit::TimePoint from = tracker.epoch() + std::chrono::hours(start_hour);
      auto pass = tracker.NextPass(observer, from);
      ASSERT_TRUE(pass) << pass.error().message;
      const auto brute = BruteForceRise(tracker, observer, from);
      ASSERT_EQ(pass->has_value(), brute.has_value())
          << observer.latitude_deg << "," << observer.longitude_deg << " +" << start_hour << "h";
      if (!brute) continue;
      ++passes;
      // The brute force samples every 10 s, so its rise is up to 10 s after the true one
      // (a very short, low pass could hide between its samples: never earlier than ours).
      const auto lead = *brute - (*pass)->rise_time;
      EXPECT_GE(lead, seconds(0)) << observer.latitude_deg << " +" << start_hour << "h";
      EXPECT_LE(lead, seconds(10)) << observer.latitude_deg << " +" << start_hour << "h";
    }
  }
  EXPECT_GE(passes, 20) << "most of these places see the ISS within a day";
}

}  // namespace
