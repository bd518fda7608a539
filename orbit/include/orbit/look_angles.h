// Where a satellite appears from a place on the ground, and when it next passes.
#pragma once

#include <chrono>
#include <optional>

#include "orbit/frames.h"
#include "orbit/sgp4.h"

namespace orbit {

// A place on the ground (geodetic WGS84; altitude above the ellipsoid).
struct Observer {
  double latitude_deg = 0;
  double longitude_deg = 0;
  double altitude_km = 0;
};

struct LookAngles {
  double range_km = 0;       // straight-line distance observer -> satellite
  double elevation_deg = 0;  // above the local horizon (negative: below it)
  double azimuth_deg = 0;    // clockwise from north, [0, 360)
  bool visible() const { return elevation_deg > 0.0; }  // above the horizon
};

// Look angles of an Earth-fixed satellite position from `observer`.
LookAngles ComputeLookAngles(const Observer& observer, const Vec3& satellite_ecef_km);

struct Pass {
  TimePoint rise_time;  // when the elevation climbs through the threshold
  TimePoint max_elevation_time;
  double max_elevation_deg = 0;
  TimePoint set_time;        // when it drops below the threshold again
  bool in_progress = false;  // already above the threshold at the search start
                             // (rise_time is then the search start)
};

struct PassSearch {
  double min_elevation_deg = 10.0;
  std::chrono::minutes window{24 * 60};
};

// The first pass above `search.min_elevation_deg` that rises within `search.window`
// after `from` (or is in progress at `from`); nullopt when there is none. Coarse
// steps (one minute near the horizon, longer far below it) then bisection and a
// golden-section search for the maximum.
Expected<std::optional<Pass>, ModelError> FindNextPass(const Sgp4& model, TimePoint epoch,
                                                       const Observer& observer, TimePoint from,
                                                       const PassSearch& search = {});

}  // namespace orbit
