#include "tle_iss_source.h"

#include <spdlog/spdlog.h>

#include <cmath>

#include "orbit/time.h"

namespace iss {
namespace {

double RoundTo3Decimals(double value) {
  return std::round(value * 1000) / 1000;
}

}  // namespace

bool WarnIfStale(const orbit::SatelliteTracker& tracker, orbit::TimePoint now) {
  double age_days = tracker.AgeDays(now);
  if (age_days <= kStaleElementDays) return false;
  spdlog::warn(
      "ISS orbital elements are {:.1f} days old (epoch {}): positions may be off by tens to "
      "hundreds of km; set ISS_TLE_URL or ISS_TLE_FILE to fresher elements",
      age_days, orbit::FormatIso8601Utc(tracker.epoch()));
  return true;
}

TleIssSource::TleIssSource(orbit::SatelliteTracker tracker)
    : tracker_(std::make_shared<const orbit::SatelliteTracker>(std::move(tracker))) {}

PositionResult TleIssSource::CurrentPosition() {
  return PositionAt(std::chrono::system_clock::now());
}

PositionResult TleIssSource::PositionAt(orbit::TimePoint time) const {
  std::shared_ptr<const orbit::SatelliteTracker> elements = tracker();
  auto computed = elements->PositionAt(time);
  if (!computed) {
    // E.g. the elements say the orbit has decayed by now: no number is honest.
    spdlog::error("SGP4 cannot place the ISS: {}", computed.error().message);
    return common::UpstreamFailure{500, "SGP4 cannot place the ISS: " + computed.error().message};
  }
  IssPosition position;
  position.latitude = computed->ground.latitude_deg;
  position.longitude = computed->ground.longitude_deg;
  position.altitude_km = computed->ground.altitude_km;
  position.time = time;
  position.source = "tle";
  position.details = {{"tle_epoch", orbit::FormatIso8601Utc(elements->epoch())},
                      {"tle_age_days", RoundTo3Decimals(elements->AgeDays(time))}};
  return position;
}

void TleIssSource::Replace(orbit::SatelliteTracker tracker) {
  auto fresh = std::make_shared<const orbit::SatelliteTracker>(std::move(tracker));
  std::lock_guard lock(mutex_);
  tracker_ = std::move(fresh);
}

std::shared_ptr<const orbit::SatelliteTracker> TleIssSource::tracker() const {
  std::lock_guard lock(mutex_);
  return tracker_;
}

void TleIssSource::KeepRefreshed(TleRefreshSettings settings) {
  refresher_ = std::make_unique<TleRefresher>(std::move(settings), *this);
  refresher_->Start();
}

}  // namespace iss
