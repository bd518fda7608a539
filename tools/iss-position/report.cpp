#include "report.h"

namespace iss_position {

using nlohmann::json;

namespace {

json Vector(const orbit::Vec3& v) {
  return json::array({v[0], v[1], v[2]});
}

json PassJson(const std::optional<orbit::Pass>& pass) {
  if (!pass) return nullptr;
  return {{"rise_time", orbit::FormatIso8601Utc(pass->rise_time)},
          {"max_elevation_deg", pass->max_elevation_deg},
          {"max_elevation_time", orbit::FormatIso8601Utc(pass->max_elevation_time)},
          {"set_time", orbit::FormatIso8601Utc(pass->set_time)},
          {"in_progress", pass->in_progress}};
}

}  // namespace

orbit::Expected<json, orbit::ModelError> BuildReport(
    const orbit::SatelliteTracker& tracker, orbit::TimePoint time,
    const std::optional<orbit::Observer>& observer) {
  auto position = tracker.PositionAt(time);
  if (!position) return orbit::MakeUnexpected(position.error());
  const orbit::ElementSet& elements = tracker.elements();
  json report = {
      {"name", elements.name},
      {"catalog_number", elements.catalog_number},
      {"time", orbit::FormatIso8601Utc(time)},
      {"latitude", position->ground.latitude_deg},
      {"longitude", position->ground.longitude_deg},
      {"altitude_km", position->ground.altitude_km},
      {"teme_position_km", Vector(position->teme_position_km)},
      {"teme_velocity_km_s", Vector(position->teme_velocity_km_s)},
      {"tle_epoch", orbit::FormatIso8601Utc(tracker.epoch())},
      {"tle_age_days", tracker.AgeDays(time)},
  };
  if (!observer) return report;

  auto look = tracker.LookFrom(*observer, time);
  if (!look) return orbit::MakeUnexpected(look.error());
  auto pass = tracker.NextPass(*observer, time);
  if (!pass) return orbit::MakeUnexpected(pass.error());
  report["observer"] = {{"latitude", observer->latitude_deg},
                        {"longitude", observer->longitude_deg}};
  report["range_km"] = look->range_km;
  report["elevation_deg"] = look->elevation_deg;
  report["azimuth_deg"] = look->azimuth_deg;
  report["visible"] = look->visible();
  report["next_pass"] = PassJson(*pass);
  return report;
}

}  // namespace iss_position
