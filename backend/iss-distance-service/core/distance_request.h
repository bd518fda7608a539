// The iss-distance-service's business: validate a request's coordinates and
// compute the answer from where the ISS is. Shared (as iss_distance_core, with the
// position sources) by the service and the workshop's exercise, which differ only in
// their request handler: the service's counts, traces and logs; the exercise's is
// the same handler before instrumentation.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>

#include "common/expected.h"
#include "iss_position.h"
#include "orbit/look_angles.h"

namespace iss {

struct Place {
  double latitude = 0;
  double longitude = 0;
};

// latitude in [-90, 90] and longitude in [-180, 180] from the query; the error
// names the parameter ("Missing latitude", "longitude must be a number, ...").
common::Expected<Place> PlaceFromQuery(const httplib::Request& req);

// How the ISS appears from the place (on the ground), when an altitude is known
// (the position's own, or an assumed one); nullopt otherwise.
std::optional<orbit::LookAngles> LookAnglesFrom(const Place& place, const IssPosition& iss);

// {"distance": km (2 decimals), "location": {"latitude", "longitude"} of the ISS,
//  "source": ..., "timestamp": unix seconds, "altitude_km": km or null,
//  "elevation_deg": degrees above the place's horizon or null, "visible": bool or
//  null, ...source details (tle: "tle_epoch", "tle_age_days")}
nlohmann::json DistanceAnswer(const Place& place, const IssPosition& iss);

// GET /?latitude=..&longitude=..: the whole request, answered on `res`. Defined by
// each binary's handler file, not by the core: the service's
// (backend/iss-distance-service/distance_handler.cpp, with telemetry) and the
// workshop exercise's (workshop/iss-distance-service/distance_handler.cpp, without).
void HandleDistanceRequest(const httplib::Request& req, httplib::Response& res,
                           IssPositionSource& source);

}  // namespace iss
