#include "location_request.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/json_response.h"
#include "common/query.h"
#include "common/settings.h"
#include "gazetteer.h"
#include "nominatim.h"
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
  // The workshop's Section 4 span: the look-up itself, a child of the request's span.
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

std::unique_ptr<Geocoder> GeocoderFromEnv() {
  std::string kind = common::ChoiceSetting("GEOCODER", "gazetteer", {"gazetteer", "nominatim"});
  if (kind == "nominatim") {
    NominatimSettings settings;
    settings.base_url = common::UrlSetting("NOMINATIM_URL", settings.base_url);
    settings.user_agent = common::Setting("NOMINATIM_USER_AGENT", settings.user_agent);
    settings.timeouts =
        common::TimeoutsFor(common::SecondsSetting("UPSTREAM_TIMEOUT_SECONDS", 5.0));
    return std::make_unique<NominatimGeocoder>(std::move(settings));
  }
  auto start = std::chrono::steady_clock::now();
  static const Gazetteer gazetteer = Gazetteer::FromGeonames();
  std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
  spdlog::info("gazetteer: indexed {} places in {:.0f} ms", gazetteer.size(), took.count());
  return std::make_unique<GazetteerGeocoder>(gazetteer);
}

}  // namespace geo
