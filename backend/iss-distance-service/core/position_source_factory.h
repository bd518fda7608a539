// Picks the ISS position source named by ISS_SOURCE: tle (default), live or
// auto. Bad settings are StartupErrors (one line at start, non-zero exit).
#pragma once

#include <memory>

#include "iss_position.h"
#include "orbit/satellite_tracker.h"

namespace iss {

// ISS_TLE_FILE (the ISS set, catalog 25544, in that file) or the bundled elements;
// a StartupError naming ISS_TLE_FILE and the parser's message when unusable.
orbit::SatelliteTracker IssTrackerFromEnv();

// Reads ISS_SOURCE; for live/auto ISS_NOW_URL, UPSTREAM_TIMEOUT_SECONDS (live,
// default 5) and ISS_LIVE_TIMEOUT_SECONDS (auto, default 2); for tle/auto
// ISS_TLE_FILE, ISS_TLE_URL, ISS_TLE_REFRESH_SECONDS (default 6 h); the workshop's fault
// switch FAULT_ISS_API_ERRORS (or WORKSHOP_FAULT) wraps it in a FailingIssApi.
std::unique_ptr<IssPositionSource> PositionSourceFromEnv();

}  // namespace iss
