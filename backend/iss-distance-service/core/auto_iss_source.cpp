#include "auto_iss_source.h"

#include <spdlog/spdlog.h>

#include <cmath>

namespace iss {
namespace {

constexpr double kAssumeAltitudeWithinDays = 60;

}  // namespace

AutoIssSource::AutoIssSource(std::unique_ptr<LiveIssSource> live, std::unique_ptr<TleIssSource> tle)
    : live_(std::move(live)), tle_(std::move(tle)) {}

PositionResult AutoIssSource::CurrentPosition() {
  PositionResult live = live_->CurrentPosition();
  if (live.ok()) {
    IssPosition position = live.position();
    // The live API has no altitude; SGP4's (good to a few km even for weeks-old
    // elements) is enough to say how high above the horizon the ISS stands. Far
    // from the epoch the model's altitude means nothing, so none is assumed.
    if (std::abs(tle_->tracker()->AgeDays(position.time)) <= kAssumeAltitudeWithinDays) {
      PositionResult model = tle_->PositionAt(position.time);
      if (model.ok()) position.assumed_altitude_km = model.position().altitude_km;
    }
    return PositionResult(std::move(position)).set_api_call(live.api_call());
  }
  spdlog::warn("live ISS position unavailable ({}); answering with SGP4", live.failure().message);
  // The failed live call is still part of the answer's story (counted, traced).
  return tle_->CurrentPosition().set_api_call(live.api_call());
}

}  // namespace iss
