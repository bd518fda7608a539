// The workshop's exercise: the geolocator-service's request handler before
// instrumentation. Section 4 traces the look-up here (a span named
// getting-coordinates-for-location). The business it calls (validation, geocoders) is
// the service's own, geolocator_core; the solution is
// backend/geolocator-service/location_handler.cpp.
#include <spdlog/spdlog.h>

#include "common/json_response.h"
#include "common/query.h"
#include "location_request.h"
// Section 4: the tracer's header goes here.

namespace geo {

void HandleLocationRequest(const httplib::Request& req, httplib::Response& res,
                           const Geocoder& geocoder) {
  common::Expected<std::string> location =
      common::RequireText(req, "location", kMaxLocationChars, "No location given");
  if (!location) {
    common::SendError(res, 400, location.error());
    return;
  }
  // Section 4: the span for the look-up starts here.
  GeocodeResult result = geocoder.Locate(*location);
  if (result.failure) {
    spdlog::error("geocoder failed for '{}': {}", *location, result.failure->message);
    common::SendError(res, result.failure->status, result.failure->message);
    return;
  }
  if (!result.hit) {
    spdlog::warn("no coordinates found for location '{}'", *location);
    common::SendError(res, 404, "No coordinates found for location '" + *location + "'");
    return;
  }
  common::SendJson(res, 200,
                   {{"latitude", result.hit->latitude},
                    {"longitude", result.hit->longitude},
                    {"place", result.hit->place}});
}

}  // namespace geo
