#include "orbit/satellite_tracker.h"

#include <stdexcept>

namespace orbit {

Expected<SatelliteTracker, std::string> SatelliteTracker::FromElementSet(
    const ElementSet& elements) {
  auto model = Sgp4::Create(elements);
  if (!model) {
    return MakeUnexpected("element set " + std::to_string(elements.catalog_number) + ": " +
                          model.error().message);
  }
  return SatelliteTracker(elements, std::move(model).value());
}

Expected<SatelliteTracker, std::string> SatelliteTracker::FromTleText(
    std::string_view text, std::optional<int> catalog_number) {
  auto sets = ParseTleText(text);
  if (!sets) return MakeUnexpected(sets.error().message);
  if (!catalog_number) return FromElementSet(sets->front());
  auto chosen = SelectByCatalogNumber(*sets, *catalog_number);
  if (!chosen) return MakeUnexpected(chosen.error().message);
  return FromElementSet(*chosen);
}

Expected<SatelliteTracker, std::string> SatelliteTracker::FromTleFile(
    const std::string& path, std::optional<int> catalog_number) {
  auto sets = ReadTleFile(path);
  if (!sets) return MakeUnexpected(sets.error().message);
  if (!catalog_number) return FromElementSet(sets->front());
  auto chosen = SelectByCatalogNumber(*sets, *catalog_number);
  if (!chosen) return MakeUnexpected(path + ": " + chosen.error().message);
  return FromElementSet(*chosen);
}

SatelliteTracker SatelliteTracker::BundledIss() {
  auto tracker = FromTleText(BundledIssTle(), kIssCatalogNumber);
  if (!tracker) throw std::logic_error("bundled ISS elements are invalid: " + tracker.error());
  return std::move(tracker).value();
}

Expected<SatellitePosition, ModelError> SatelliteTracker::PositionAt(TimePoint time) const {
  auto state = model_.Propagate(MinutesBetween(elements_.epoch, time));
  if (!state) return MakeUnexpected(state.error());
  SatellitePosition position;
  position.time = time;
  position.teme_position_km = state->position_km;
  position.teme_velocity_km_s = state->velocity_km_s;
  position.ecef_position_km = TemeToEcef(state->position_km, GmstRadians(time));
  position.ground = EcefToGeodetic(position.ecef_position_km);
  return position;
}

Expected<LookAngles, ModelError> SatelliteTracker::LookFrom(const Observer& observer,
                                                            TimePoint time) const {
  auto state = model_.Propagate(MinutesBetween(elements_.epoch, time));
  if (!state) return MakeUnexpected(state.error());
  return ComputeLookAngles(observer, TemeToEcef(state->position_km, GmstRadians(time)));
}

Expected<std::optional<Pass>, ModelError> SatelliteTracker::NextPass(
    const Observer& observer, TimePoint from, const PassSearch& search) const {
  return FindNextPass(model_, elements_.epoch, observer, from, search);
}

}  // namespace orbit
