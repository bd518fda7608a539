#include "tle_refresher.h"

#include <spdlog/spdlog.h>

#include "orbit/satellite_tracker.h"
#include "tle_iss_source.h"

namespace iss {

TleRefresher::TleRefresher(TleRefreshSettings settings, TleIssSource& target)
    : settings_(std::move(settings)), target_(target) {}

TleRefresher::~TleRefresher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool TleRefresher::RefreshOnce() {
  common::HttpRequest request;
  request.url = settings_.url;
  request.peer_name = "the TLE source (ISS_TLE_URL)";
  request.timeouts = settings_.timeouts;
  common::HttpResult result = common::SendRequest(request);
  if (!result.ok()) {
    spdlog::warn("ISS elements not refreshed, keeping the current ones: {}",
                 result.failure().message);
    return false;
  }
  if (result.response().status != 200) {
    spdlog::warn("ISS elements not refreshed, keeping the current ones: {} answered {}",
                 settings_.url, result.response().status);
    return false;
  }
  auto tracker =
      orbit::SatelliteTracker::FromTleText(result.response().body, orbit::kIssCatalogNumber);
  if (!tracker) {
    spdlog::warn("ISS elements not refreshed, keeping the current ones: {} sent unusable TLE: {}",
                 settings_.url, tracker.error());
    return false;
  }
  spdlog::info("ISS elements refreshed from {} (epoch {})", settings_.url,
               orbit::FormatIso8601Utc(tracker->epoch()));
  WarnIfStale(*tracker, std::chrono::system_clock::now());
  target_.Replace(std::move(tracker).value());
  return true;
}

void TleRefresher::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void TleRefresher::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    RefreshOnce();
    lock.lock();
    wake_.wait_for(lock, settings_.interval, [this] { return stopping_; });
  }
}

}  // namespace iss
