// GET /?location=X: the geolocator-service's request handler with the workshop's
// Section 4 span, getting-coordinates-for-location, around the look-up.
// workshop/geolocator-service/location_handler.cpp is the same handler before
// instrumentation; the business both call (validation, geocoders) is geolocator_core.
#include <spdlog/spdlog.h>

#include "common/json_response.h"
#include "common/query.h"
#include "location_request.h"
#include "otel/trace/tracer_provider.h"

namespace geo {

void HandleLocationRequest(const httplib::Request& req, httplib::Response& res,
                           const Geocoder& geocoder) {
  common::Expected<std::string> location =
      common::RequireText(req, "location", kMaxLocationChars, "No location given");
  if (!location) {
    common::SendError(res, 400, location.error());
    return;
  }
  // Section 4: the look-up itself, a child of the request's SERVER span.
  otel::trace::ScopedSpan span = otel::trace::get_tracer("geolocator-service")
                                     ->start_as_current_span("getting-coordinates-for-location");
  span->set_attribute("location", *location);
  span->set_attribute("geocoder", geocoder.name());
  GeocodeResult result = geocoder.Locate(*location);
  if (result.failure) {
    span->set_status(otel::trace::StatusCode::kError, result.failure->message);
    spdlog::error("geocoder failed for '{}': {}", *location, result.failure->message);
    common::SendError(res, result.failure->status, result.failure->message);
    return;
  }
  span->set_attribute("location.found", result.hit.has_value());
  if (!result.hit) {
    spdlog::warn("no coordinates found for location '{}'", *location);
    common::SendError(res, 404, "No coordinates found for location '" + *location + "'");
    return;
  }
  span->set_attribute("location.latitude", result.hit->latitude);
  span->set_attribute("location.longitude", result.hit->longitude);
  common::SendJson(res, 200,
                   {{"latitude", result.hit->latitude},
                    {"longitude", result.hit->longitude},
                    {"place", result.hit->place}});
}

}  // namespace geo
