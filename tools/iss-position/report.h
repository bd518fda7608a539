// The JSON object iss-position prints.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "orbit/satellite_tracker.h"

namespace iss_position {

// Position at `time` and, with an observer, look angles and the next pass. A model
// error (e.g. decay before `time`) is returned as such.
orbit::Expected<nlohmann::json, orbit::ModelError> BuildReport(
    const orbit::SatelliteTracker& tracker, orbit::TimePoint time,
    const std::optional<orbit::Observer>& observer);

}  // namespace iss_position
