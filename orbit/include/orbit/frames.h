// From the TEME frame of SGP4 to the rotating Earth and WGS84 geodetic coordinates.
#pragma once

#include "orbit/sgp4.h"
#include "orbit/time.h"

namespace orbit {

// Greenwich mean sidereal time (IAU-82 expression), radians in [0, 2*pi).
double GmstRadians(TimePoint utc);

// Rotates a TEME vector about the pole by GMST into the Earth-fixed frame (polar
// motion neglected, as usual for SGP4 output: under ~15 m).
Vec3 TemeToEcef(const Vec3& teme, double gmst_radians);

// Earth-fixed velocity: rotated TEME velocity minus the Earth's rotation (omega x r).
Vec3 TemeVelocityToEcef(const Vec3& teme_velocity_km_s, const Vec3& ecef_position_km,
                        double gmst_radians);

struct Geodetic {
  double latitude_deg = 0;   // WGS84 geodetic, [-90, 90]
  double longitude_deg = 0;  // [-180, 180)
  double altitude_km = 0;    // above the WGS84 ellipsoid
};

// WGS84 Earth-fixed (km) <-> geodetic, through GeographicLib's Geocentric.
Geodetic EcefToGeodetic(const Vec3& ecef_km);
Vec3 GeodeticToEcef(const Geodetic& place);

}  // namespace orbit
