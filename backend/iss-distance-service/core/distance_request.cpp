#include "distance_request.h"

#include "common/query.h"
#include "distance.h"
#include "orbit/look_angles.h"

namespace iss {

common::Expected<Place> PlaceFromQuery(const httplib::Request& req) {
  common::Expected<double> latitude = common::RequireNumberInRange(req, "latitude", -90, 90);
  if (!latitude) return common::Failure{latitude.error()};
  common::Expected<double> longitude = common::RequireNumberInRange(req, "longitude", -180, 180);
  if (!longitude) return common::Failure{longitude.error()};
  return Place{*latitude, *longitude};
}

std::optional<orbit::LookAngles> LookAnglesFrom(const Place& place, const IssPosition& iss) {
  std::optional<double> altitude_km = iss.altitude_km ? iss.altitude_km : iss.assumed_altitude_km;
  if (!altitude_km) return std::nullopt;
  orbit::Vec3 iss_ecef_km =
      orbit::GeodeticToEcef(orbit::Geodetic{iss.latitude, iss.longitude, *altitude_km});
  return orbit::ComputeLookAngles(orbit::Observer{place.latitude, place.longitude, 0.0},
                                  iss_ecef_km);
}

nlohmann::json DistanceAnswer(const Place& place, const IssPosition& iss) {
  double km = GeodesicDistanceKm(place.latitude, place.longitude, iss.latitude, iss.longitude);
  nlohmann::json answer = {
      {"distance", RoundTo2Decimals(km)},
      {"location", {{"latitude", iss.latitude}, {"longitude", iss.longitude}}},
      {"source", iss.source},
      {"timestamp",
       std::chrono::duration_cast<std::chrono::seconds>(iss.time.time_since_epoch()).count()},
  };
  answer["altitude_km"] =
      iss.altitude_km ? nlohmann::json(RoundTo2Decimals(*iss.altitude_km)) : nlohmann::json();
  std::optional<orbit::LookAngles> look = LookAnglesFrom(place, iss);
  answer["elevation_deg"] =
      look ? nlohmann::json(RoundTo2Decimals(look->elevation_deg)) : nlohmann::json();
  answer["visible"] = look ? nlohmann::json(look->visible()) : nlohmann::json();
  for (const auto& [key, value] : iss.details.items()) answer[key] = value;
  return answer;
}

}  // namespace iss
