// Frames, look angles, passes and the SatelliteTracker facade.
#include "orbit/look_angles.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "orbit/satellite_tracker.h"

namespace {

TEST(Frames, GmstAtKnownInstant) {
  // Vallado's example 3-5: 1992 August 20, 12:14 UT1 gives GMST 152.578787886 degrees.
  auto time = orbit::ParseIso8601Utc("1992-08-20T12:14:00Z");
  ASSERT_TRUE(time);
  EXPECT_NEAR(orbit::GmstRadians(*time) * 180.0 / M_PI, 152.578787886, 1e-6);
}

TEST(Frames, GeodeticRoundTripAndEquator) {
  const orbit::Geodetic place{48.8566, 2.3522, 0.035};
  const orbit::Geodetic back = orbit::EcefToGeodetic(orbit::GeodeticToEcef(place));
  EXPECT_NEAR(back.latitude_deg, place.latitude_deg, 1e-10);
  EXPECT_NEAR(back.longitude_deg, place.longitude_deg, 1e-10);
  EXPECT_NEAR(back.altitude_km, place.altitude_km, 1e-9);
  const orbit::Geodetic equator = orbit::EcefToGeodetic({6378.137 + 400.0, 0.0, 0.0});
  EXPECT_NEAR(equator.latitude_deg, 0.0, 1e-12);
  EXPECT_NEAR(equator.altitude_km, 400.0, 1e-9);
}

TEST(LookAngles, OverheadAndDueNorth) {
  const orbit::Observer observer{45.0, 10.0, 0.0};
  const orbit::Vec3 overhead = orbit::GeodeticToEcef({45.0, 10.0, 420.0});
  const orbit::LookAngles up = orbit::ComputeLookAngles(observer, overhead);
  EXPECT_NEAR(up.elevation_deg, 90.0, 1e-6);
  EXPECT_NEAR(up.range_km, 420.0, 1e-6);
  EXPECT_TRUE(up.visible());

  const orbit::LookAngles north =
      orbit::ComputeLookAngles(observer, orbit::GeodeticToEcef({47.0, 10.0, 420.0}));
  EXPECT_NEAR(north.azimuth_deg, 0.0, 1e-6);
  EXPECT_GT(north.elevation_deg, 10.0);
  const orbit::LookAngles east =
      orbit::ComputeLookAngles(observer, orbit::GeodeticToEcef({45.0, 13.0, 420.0}));
  EXPECT_NEAR(east.azimuth_deg, 90.0, 2.0);  // great circle, not a rhumb line
  const orbit::LookAngles antipode =
      orbit::ComputeLookAngles(observer, orbit::GeodeticToEcef({-45.0, -170.0, 420.0}));
  EXPECT_LT(antipode.elevation_deg, -80.0);
  EXPECT_FALSE(antipode.visible());
}

TEST(SatelliteTracker, BundledElementsAreTheDataFile) {
  std::ifstream file(ORBIT_BUNDLED_TLE_FILE);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(std::string(orbit::BundledIssTle()), text.str());
  auto tracker = orbit::SatelliteTracker::BundledIss();
  EXPECT_EQ(tracker.elements().name, "ISS (ZARYA)");
  EXPECT_EQ(tracker.elements().catalog_number, 25544);
  EXPECT_EQ(orbit::FormatIso8601Utc(tracker.epoch()), "2026-09-16T20:27:47.669Z");
  EXPECT_NEAR(tracker.AgeDays(tracker.epoch() + std::chrono::hours(36)), 1.5, 1e-12);
}

TEST(SatelliteTracker, IssStaysInItsOrbit) {
  auto tracker = orbit::SatelliteTracker::BundledIss();
  for (int hour = -48; hour <= 24 * 14; hour += 7) {
    auto position = tracker.PositionAt(tracker.epoch() + std::chrono::hours(hour));
    ASSERT_TRUE(position) << position.error().message;
    // The inclination bounds the geocentric latitude; the geodetic one can be ~0.2 deg more.
    EXPECT_LE(std::fabs(position->ground.latitude_deg), 51.6307 + 0.2);
    EXPECT_GT(position->ground.altitude_km, 370.0);
    EXPECT_LT(position->ground.altitude_km, 440.0);
    const auto& v = position->teme_velocity_km_s;
    EXPECT_NEAR(std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]), 7.66, 0.05);
  }
}

TEST(SatelliteTracker, LookFromAgreesWithPositionAt) {
  auto tracker = orbit::SatelliteTracker::BundledIss();
  const orbit::TimePoint time = tracker.epoch() + std::chrono::minutes(200);
  auto position = tracker.PositionAt(time);
  ASSERT_TRUE(position);
  // Straight under the ISS it is at the zenith, at its altitude.
  const orbit::Observer below{position->ground.latitude_deg, position->ground.longitude_deg, 0};
  auto look = tracker.LookFrom(below, time);
  ASSERT_TRUE(look);
  EXPECT_NEAR(look->elevation_deg, 90.0, 1e-6);
  EXPECT_NEAR(look->range_km, position->ground.altitude_km, 1e-6);
}

TEST(SatelliteTracker, NextPassIsARealPass) {
  auto tracker = orbit::SatelliteTracker::BundledIss();
  const orbit::Observer paris{48.8566, 2.3522, 0.0};
  const orbit::TimePoint from = tracker.epoch();
  auto pass = tracker.NextPass(paris, from);
  ASSERT_TRUE(pass) << pass.error().message;
  ASSERT_TRUE(pass->has_value());
  const orbit::Pass& p = **pass;
  EXPECT_FALSE(p.in_progress);
  EXPECT_LT(from, p.rise_time);
  EXPECT_LT(p.rise_time, p.max_elevation_time);
  EXPECT_LT(p.max_elevation_time, p.set_time);
  EXPECT_LT(p.set_time - p.rise_time, std::chrono::minutes(12));
  EXPECT_NEAR(tracker.LookFrom(paris, p.rise_time)->elevation_deg, 10.0, 1e-3);
  EXPECT_NEAR(tracker.LookFrom(paris, p.set_time)->elevation_deg, 10.0, 1e-3);
  EXPECT_NEAR(tracker.LookFrom(paris, p.max_elevation_time)->elevation_deg, p.max_elevation_deg,
              1e-9);
  // The maximum really is one: a few seconds either side is lower.
  EXPECT_LT(tracker.LookFrom(paris, p.max_elevation_time - std::chrono::seconds(5))->elevation_deg,
            p.max_elevation_deg);
  EXPECT_LT(tracker.LookFrom(paris, p.max_elevation_time + std::chrono::seconds(5))->elevation_deg,
            p.max_elevation_deg);
  // Nothing above 10 degrees between the search start and the rise (checked every 20 s).
  for (auto t = from; t < p.rise_time - std::chrono::seconds(1); t += std::chrono::seconds(20)) {
    ASSERT_LT(tracker.LookFrom(paris, t)->elevation_deg, 10.0);
  }
  // Started during the pass: reported as in progress, same maximum.
  auto during = tracker.NextPass(paris, p.max_elevation_time - std::chrono::seconds(30));
  ASSERT_TRUE(during && during->has_value());
  EXPECT_TRUE((*during)->in_progress);
  EXPECT_NEAR((*during)->max_elevation_deg, p.max_elevation_deg, 1e-6);
}

TEST(SatelliteTracker, NoPassWhereTheOrbitNeverReaches) {
  // 51.6 degree inclination never rises 10 degrees above the South Pole's horizon.
  auto tracker = orbit::SatelliteTracker::BundledIss();
  auto pass = tracker.NextPass({-89.0, 0.0, 0.0}, tracker.epoch());
  ASSERT_TRUE(pass);
  EXPECT_FALSE(pass->has_value());
}

TEST(SatelliteTracker, FactoriesReportProblems) {
  auto deep = orbit::SatelliteTracker::FromTleText(
      "1 08195U 75081A   06176.33215444  .00000099  00000-0  11873-3 0   813\n"
      "2 08195  64.1586 279.0717 6877146 264.7651  20.2257  2.00491383225656\n");
  ASSERT_FALSE(deep);
  EXPECT_NE(deep.error().find("deep-space"), std::string::npos) << deep.error();
  auto missing = orbit::SatelliteTracker::FromTleText(orbit::BundledIssTle(), 12345);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("12345"), std::string::npos);
  EXPECT_FALSE(orbit::SatelliteTracker::FromTleFile("/nonexistent.tle"));
}

TEST(SatelliteTracker, DecayIsAnErrorNotANumber) {
  auto tracker = orbit::SatelliteTracker::FromTleText(
      "1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534\n"
      "2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708\n");
  ASSERT_TRUE(tracker) << tracker.error();
  EXPECT_TRUE(tracker->PositionAt(tracker->epoch() + std::chrono::minutes(50)));
  auto later = tracker->PositionAt(tracker->epoch() + std::chrono::minutes(60));
  ASSERT_FALSE(later);
  EXPECT_EQ(later.error().kind, orbit::ModelErrorKind::kDecayed);
  auto pass = tracker->NextPass({0, 0, 0}, tracker->epoch());
  EXPECT_FALSE(pass && !pass->has_value()) << "a decaying orbit must not claim 'no pass'";
}

}  // namespace
