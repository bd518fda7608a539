// ISS_SOURCE=tle: the ISS position computed with SGP4 from a two-line element
// set (orbit library), on this machine, without the network.
#pragma once

#include <memory>
#include <mutex>

#include "iss_position.h"
#include "orbit/satellite_tracker.h"
#include "tle_refresher.h"

namespace iss {

// Elements older than this get a warning (they drift by tens of km and more).
inline constexpr double kStaleElementDays = 14.0;

// Logs a warning when `tracker`'s elements are older than kStaleElementDays at
// `now`; returns whether it did.
bool WarnIfStale(const orbit::SatelliteTracker& tracker, orbit::TimePoint now);

class TleIssSource : public IssPositionSource {
 public:
  explicit TleIssSource(orbit::SatelliteTracker tracker);
  std::string name() const override { return "tle"; }
  PositionResult CurrentPosition() override;

  // Where SGP4 puts the ISS at `time`, with the elements' epoch and age then.
  PositionResult PositionAt(orbit::TimePoint time) const;
  // Swaps in new elements (a refresh); requests in flight keep the old ones.
  void Replace(orbit::SatelliteTracker tracker);
  std::shared_ptr<const orbit::SatelliteTracker> tracker() const;
  // Starts refreshing the elements in the background (ISS_TLE_URL).
  void KeepRefreshed(TleRefreshSettings settings);

 private:
  mutable std::mutex mutex_;  // guards the pointer, not the (immutable) tracker
  std::shared_ptr<const orbit::SatelliteTracker> tracker_;
  std::unique_ptr<TleRefresher> refresher_;  // last: stopped before the rest goes
};

}  // namespace iss
