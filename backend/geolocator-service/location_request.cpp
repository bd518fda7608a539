#include "location_request.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/json_response.h"
#include "common/query.h"
#include "common/settings.h"
#include "gazetteer.h"
#include "nominatim.h"

namespace geo {

void HandleLocationRequest(const httplib::Request& req, httplib::Response& res,
                           const Geocoder& geocoder) {
  common::Expected<std::string> location =
      common::RequireText(req, "location", kMaxLocationChars, "No location given");
  if (!location) {
    common::SendError(res, 400, location.error());
    return;
  }
  GeocodeResult result = geocoder.Locate(*location);
  if (result.failure) {
    common::SendError(res, result.failure->status, result.failure->message);
    return;
  }
  if (!result.hit) {
    common::SendError(res, 404, "No coordinates found for location '" + *location + "'");
    return;
  }
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
