// SGP4 (near-earth) orbit propagation, after Spacetrack Report #3 as revised by
// Vallado, Crawford, Hujsak and Kelso (2006), with WGS72 constants and the
// "improved" operation mode of the standard verification run.
#pragma once

#include <array>
#include <string>

#include "orbit/expected.h"
#include "orbit/tle.h"

namespace orbit {

using Vec3 = std::array<double, 3>;

// Position (km) and velocity (km/s) in the True Equator Mean Equinox frame.
struct TemeState {
  Vec3 position_km{};
  Vec3 velocity_km_s{};
};

enum class ModelErrorKind {
  kDeepSpaceNotSupported,    // period >= 225 min needs SDP4, which we do not implement
  kMeanMotionNotPositive,    // mean motion <= 0 (Vallado error 2)
  kEccentricityOutOfRange,   // mean eccentricity >= 1 or < -0.001 (error 1)
  kSemiLatusRectumNegative,  // semi-latus rectum < 0 (error 4)
  kDecayed,                  // orbit radius below one earth radius (error 6)
};

// A model failure: the elements cannot describe the orbit at that time. Never a number.
struct ModelError {
  ModelErrorKind kind;
  double minutes_since_epoch = 0;
  std::string message;  // complete sentence, e.g. "satellite has decayed ... at +55.0 min"
};

// The WGS72 gravity model used by the standard SGP4 verification.
struct Wgs72 {
  static constexpr double kMu = 398600.8;             // km^3/s^2
  static constexpr double kEarthRadiusKm = 6378.135;  // equatorial radius
  static constexpr double kJ2 = 0.001082616;
  static constexpr double kJ3 = -0.00000253881;
  static constexpr double kJ4 = -0.00000165597;
};

// Minutes per revolution at and above which an element set is "deep space".
inline constexpr double kDeepSpacePeriodMinutes = 225.0;

class Sgp4 {
 public:
  // Initialises the model; rejects deep-space sets and elements the model cannot use.
  static Expected<Sgp4, ModelError> Create(const ElementSet& elements);

  // State at `minutes` after the element set's epoch (negative: before it).
  Expected<TemeState, ModelError> Propagate(double minutes) const;

  // Orbital period from the model's (un-Kozai'd) mean motion.
  double PeriodMinutes() const;
  // Mean motion in radians per minute, as the model uses it.
  double MeanMotionRadPerMin() const { return mean_motion_; }
  double Eccentricity() const { return ecco_; }

 private:
  Sgp4() = default;

  // Epoch elements (radians, radians/minute) and their secular rates.
  double mean_motion_ = 0, ecco_ = 0, inclo_ = 0, nodeo_ = 0, argpo_ = 0, mo_ = 0, bstar_ = 0;
  double mdot_ = 0, argpdot_ = 0, nodedot_ = 0;
  // Model coefficients, named as in the published algorithm.
  bool simplified_drag_ = false;  // perigee below 220 km: truncated drag terms
  double aycof_ = 0, con41_ = 0, cc1_ = 0, cc4_ = 0, cc5_ = 0, d2_ = 0, d3_ = 0, d4_ = 0;
  double delmo_ = 0, eta_ = 0, omgcof_ = 0, sinmao_ = 0, t2cof_ = 0, t3cof_ = 0, t4cof_ = 0,
         t5cof_ = 0, x1mth2_ = 0, x7thm1_ = 0, xlcof_ = 0, xmcof_ = 0, nodecf_ = 0;
};

}  // namespace orbit
