#include "orbit/frames.h"

#include <GeographicLib/Geocentric.hpp>
#include <cmath>
#include <numbers>

namespace orbit {
namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
// Earth's rotation rate (rad/s) as used with GMST-based TEME conversions.
constexpr double kEarthRotationRadPerS = 7.292115146706979e-5;

const GeographicLib::Geocentric& Wgs84() {
  static const GeographicLib::Geocentric& earth = GeographicLib::Geocentric::WGS84();
  return earth;
}

}  // namespace

double GmstRadians(TimePoint utc) {
  // Julian centuries of UT1 (taken as UTC) since J2000.0.
  const double t = DaysSinceJ2000(utc) / 36525.0;
  // IAU-82 GMST in seconds of time; 876600 h per century is the whole-turn part.
  double seconds = -6.2e-6 * t * t * t + 0.093104 * t * t +
                   (876600.0 * 3600.0 + 8640184.812866) * t + 67310.54841;
  // 240 seconds of time per degree.
  double radians = std::fmod(seconds * (std::numbers::pi / 180.0) / 240.0, kTwoPi);
  if (radians < 0.0) radians += kTwoPi;
  return radians;
}

Vec3 TemeToEcef(const Vec3& teme, double gmst_radians) {
  const double c = std::cos(gmst_radians), s = std::sin(gmst_radians);
  return {c * teme[0] + s * teme[1], -s * teme[0] + c * teme[1], teme[2]};
}

Vec3 TemeVelocityToEcef(const Vec3& teme_velocity_km_s, const Vec3& ecef_position_km,
                        double gmst_radians) {
  Vec3 rotated = TemeToEcef(teme_velocity_km_s, gmst_radians);
  rotated[0] += kEarthRotationRadPerS * ecef_position_km[1];
  rotated[1] -= kEarthRotationRadPerS * ecef_position_km[0];
  return rotated;
}

Geodetic EcefToGeodetic(const Vec3& ecef_km) {
  Geodetic place;
  double height_m = 0;
  Wgs84().Reverse(ecef_km[0] * 1000.0, ecef_km[1] * 1000.0, ecef_km[2] * 1000.0, place.latitude_deg,
                  place.longitude_deg, height_m);
  place.altitude_km = height_m / 1000.0;
  return place;
}

Vec3 GeodeticToEcef(const Geodetic& place) {
  double x = 0, y = 0, z = 0;
  Wgs84().Forward(place.latitude_deg, place.longitude_deg, place.altitude_km * 1000.0, x, y, z);
  return {x / 1000.0, y / 1000.0, z / 1000.0};
}

}  // namespace orbit
