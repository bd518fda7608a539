// The iss-distance-service's business: validate a request's coordinates, ask
// the position source where the ISS is, answer with the distance. Shared by the
// service's main.cpp and the workshop exercise binaries.
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

// GET /?latitude=..&longitude=..: the whole request, answered on `res`.
void HandleDistanceRequest(const httplib::Request& req, httplib::Response& res,
                           IssPositionSource& source);

}  // namespace iss
