#include "location_request.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/faults.h"
#include "common/query.h"
#include "common/settings.h"
#include "gazetteer.h"
#include "nominatim.h"
#include "slow_places.h"

namespace geo {

namespace {

std::unique_ptr<Geocoder> PlainGeocoderFromEnv() {
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

}  // namespace

std::unique_ptr<Geocoder> GeocoderFromEnv() {
  // The workshop's fault switches first: a bad one stops start-up before the index is built.
  common::SlowPlacesFromEnv();
  common::SlowPlacesDelayMsFromEnv();
  return WithFaultsFromEnv(PlainGeocoderFromEnv());
}

}  // namespace geo
