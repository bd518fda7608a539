// The one class a service needs: built from an element set, answers "where is it now"
// and "how does it look from here".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "orbit/look_angles.h"
#include "orbit/sgp4.h"
#include "orbit/tle.h"

namespace orbit {

// The ISS element set bundled with the library (the text of orbit/data/iss.tle,
// compiled in at build time): name line plus two lines.
std::string_view BundledIssTle();
inline constexpr int kIssCatalogNumber = 25544;

struct SatellitePosition {
  TimePoint time;
  Geodetic ground;  // WGS84 latitude, longitude (degrees) and altitude (km)
  Vec3 teme_position_km{};
  Vec3 teme_velocity_km_s{};
  Vec3 ecef_position_km{};
};

class SatelliteTracker {
 public:
  // From a parsed set. Fails for deep-space sets and elements SGP4 cannot use.
  static Expected<SatelliteTracker, std::string> FromElementSet(const ElementSet& elements);
  // From TLE text (one or more sets; `catalog_number` picks one, default the first).
  static Expected<SatelliteTracker, std::string> FromTleText(
      std::string_view text, std::optional<int> catalog_number = std::nullopt);
  // From a TLE file, as FromTleText.
  static Expected<SatelliteTracker, std::string> FromTleFile(
      const std::string& path, std::optional<int> catalog_number = std::nullopt);
  // The bundled ISS elements (always valid: checked by the tests).
  static SatelliteTracker BundledIss();

  // Ground point and TEME state at `time`; a ModelError when the model fails there
  // (e.g. the orbit has decayed by then).
  Expected<SatellitePosition, ModelError> PositionAt(TimePoint time) const;
  // Range, elevation, azimuth and visibility from `observer` at `time`.
  Expected<LookAngles, ModelError> LookFrom(const Observer& observer, TimePoint time) const;
  // The next pass above `search.min_elevation_deg` (default 10) rising within
  // `search.window` (default 24 h) after `from`; nullopt when none.
  Expected<std::optional<Pass>, ModelError> NextPass(const Observer& observer, TimePoint from,
                                                     const PassSearch& search = {}) const;

  const ElementSet& elements() const { return elements_; }
  TimePoint epoch() const { return elements_.epoch; }
  // Days from the element set's epoch to `now` (negative before the epoch). Old
  // elements drift: a few km after a day, tens to hundreds of km after weeks.
  double AgeDays(TimePoint now) const { return DaysBetween(elements_.epoch, now); }

 private:
  SatelliteTracker(ElementSet elements, Sgp4 model)
      : elements_(std::move(elements)), model_(model) {}

  ElementSet elements_;
  Sgp4 model_;
};

}  // namespace orbit
