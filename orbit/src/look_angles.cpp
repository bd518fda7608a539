#include "orbit/look_angles.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace orbit {
namespace {

constexpr double kRadToDeg = 180.0 / std::numbers::pi;
constexpr double kDegToRad = std::numbers::pi / 180.0;

// Elevation as a function of minutes since the element set's epoch.
class ElevationFunction {
 public:
  ElevationFunction(const Sgp4& model, TimePoint epoch, const Observer& observer)
      : model_(model), epoch_(epoch), observer_(observer) {}

  Expected<double, ModelError> operator()(double minutes) const {
    auto state = model_.Propagate(minutes);
    if (!state) return MakeUnexpected(state.error());
    const double gmst = GmstRadians(AddMinutes(epoch_, minutes));
    return ComputeLookAngles(observer_, TemeToEcef(state->position_km, gmst)).elevation_deg;
  }

 private:
  const Sgp4& model_;
  TimePoint epoch_;
  Observer observer_;
};

// Coarse step in minutes: one minute within 15 degrees below the threshold; further
// below, the satellite cannot climb faster than ~4.5 degrees per minute (low orbit),
// so a step of one minute plus a sixth of the excess distance cannot skip a pass.
double CoarseStepMinutes(double elevation_deg, double threshold_deg) {
  const double below = threshold_deg - elevation_deg;
  return 1.0 + std::max(0.0, below - 15.0) / 6.0;
}

// Finds the crossing of the threshold between `low` (below) and `high` (above) to ~1 ms.
Expected<double, ModelError> Bisect(const ElevationFunction& elevation, double low, double high,
                                    double threshold) {
  for (int i = 0; i < 18 && std::fabs(high - low) > 1.0e-5; ++i) {
    const double mid = 0.5 * (low + high);
    auto value = elevation(mid);
    if (!value) return MakeUnexpected(value.error());
    (*value >= threshold ? high : low) = mid;
  }
  return high;
}

struct Peak {
  double minutes;
  double elevation_deg;
};

// Golden-section search for the maximum elevation inside [a, b].
Expected<Peak, ModelError> MaximiseElevation(const ElevationFunction& elevation, double a,
                                             double b) {
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  double c = b - ratio * (b - a), d = a + ratio * (b - a);
  auto fc = elevation(c), fd = elevation(d);
  if (!fc) return MakeUnexpected(fc.error());
  if (!fd) return MakeUnexpected(fd.error());
  double ec = *fc, ed = *fd;
  while (b - a > 2.0e-5) {  // about a millisecond
    if (ec > ed) {
      b = d, d = c, ed = ec;
      c = b - ratio * (b - a);
      auto value = elevation(c);
      if (!value) return MakeUnexpected(value.error());
      ec = *value;
    } else {
      a = c, c = d, ec = ed;
      d = a + ratio * (b - a);
      auto value = elevation(d);
      if (!value) return MakeUnexpected(value.error());
      ed = *value;
    }
  }
  return ec > ed ? Peak{c, ec} : Peak{d, ed};
}

}  // namespace

LookAngles ComputeLookAngles(const Observer& observer, const Vec3& satellite_ecef_km) {
  const Vec3 site =
      GeodeticToEcef({observer.latitude_deg, observer.longitude_deg, observer.altitude_km});
  const double dx = satellite_ecef_km[0] - site[0];
  const double dy = satellite_ecef_km[1] - site[1];
  const double dz = satellite_ecef_km[2] - site[2];
  const double lat = observer.latitude_deg * kDegToRad, lon = observer.longitude_deg * kDegToRad;
  const double sin_lat = std::sin(lat), cos_lat = std::cos(lat);
  const double sin_lon = std::sin(lon), cos_lon = std::cos(lon);
  // East, north, up along the ellipsoid normal at the observer.
  const double east = -sin_lon * dx + cos_lon * dy;
  const double north = -sin_lat * cos_lon * dx - sin_lat * sin_lon * dy + cos_lat * dz;
  const double up = cos_lat * cos_lon * dx + cos_lat * sin_lon * dy + sin_lat * dz;
  LookAngles angles;
  angles.range_km = std::sqrt(dx * dx + dy * dy + dz * dz);
  angles.elevation_deg = std::atan2(up, std::hypot(east, north)) * kRadToDeg;
  angles.azimuth_deg = std::atan2(east, north) * kRadToDeg;
  if (angles.azimuth_deg < 0.0) angles.azimuth_deg += 360.0;
  return angles;
}

Expected<std::optional<Pass>, ModelError> FindNextPass(const Sgp4& model, TimePoint epoch,
                                                       const Observer& observer, TimePoint from,
                                                       const PassSearch& search) {
  const ElevationFunction elevation(model, epoch, observer);
  const double threshold = search.min_elevation_deg;
  const double start = MinutesBetween(epoch, from);
  const double end = start + static_cast<double>(search.window.count());

  auto first = elevation(start);
  if (!first) return MakeUnexpected(first.error());

  // 1. Find the rise: a coarse sample above the threshold, or a local maximum between
  //    samples that turns out to reach it (a short, low pass between two samples).
  std::optional<double> rise;
  bool in_progress = *first >= threshold;
  if (in_progress) rise = start;
  double before = start, before_value = *first;  // sample before `t` (for local maxima)
  double t = start, value = *first;
  while (!rise && t < end) {
    const double next = std::min(end, t + CoarseStepMinutes(value, threshold));
    auto next_value = elevation(next);
    if (!next_value) return MakeUnexpected(next_value.error());
    if (*next_value >= threshold) {
      auto crossing = Bisect(elevation, t, next, threshold);
      if (!crossing) return MakeUnexpected(crossing.error());
      rise = *crossing;
    } else if (t > start && value > before_value && value >= *next_value &&
               value > threshold - 10.0) {
      auto peak = MaximiseElevation(elevation, before, next);
      if (!peak) return MakeUnexpected(peak.error());
      if (peak->elevation_deg >= threshold) {
        auto crossing = Bisect(elevation, before, peak->minutes, threshold);
        if (!crossing) return MakeUnexpected(crossing.error());
        rise = *crossing;
      }
    }
    before = t, before_value = value;
    t = next, value = *next_value;
  }
  if (!rise || *rise > end) return std::optional<Pass>{};

  // 2. Walk through the pass in one-minute steps to the set, keeping the highest sample.
  double best = *rise, best_value = in_progress ? *first : threshold, last_above = *rise,
         set = *rise;
  for (double step_time = *rise + 1.0;; step_time += 1.0) {
    auto sample = elevation(step_time);
    if (!sample) return MakeUnexpected(sample.error());
    if (*sample > best_value) best = step_time, best_value = *sample;
    if (*sample < threshold) {
      auto crossing = Bisect(elevation, step_time, last_above, threshold);
      if (!crossing) return MakeUnexpected(crossing.error());
      set = *crossing;
      break;
    }
    last_above = step_time;
    if (step_time > end + 24 * 60.0) break;  // cannot happen for a real orbit
  }
  // 3. Refine the maximum around the best sample.
  auto peak = MaximiseElevation(elevation, std::max(*rise, best - 1.0), std::min(set, best + 1.0));
  if (!peak) return MakeUnexpected(peak.error());

  Pass pass;
  pass.in_progress = in_progress;
  pass.rise_time = AddMinutes(epoch, *rise);
  pass.set_time = AddMinutes(epoch, set);
  pass.max_elevation_deg = std::max(peak->elevation_deg, best_value);
  pass.max_elevation_time =
      AddMinutes(epoch, peak->elevation_deg >= best_value ? peak->minutes : best);
  return std::optional<Pass>{pass};
}

}  // namespace orbit
