#include "location_request.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/query.h"
#include "common/settings.h"
#include "gazetteer.h"
#include "nominatim.h"

namespace geo {

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
