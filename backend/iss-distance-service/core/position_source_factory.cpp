#include "position_source_factory.h"

#include "auto_iss_source.h"
#include "common/faults.h"
#include "common/settings.h"
#include "failing_iss_api.h"
#include "live_iss_source.h"
#include "tle_iss_source.h"

namespace iss {
namespace {

constexpr double kSixHours = 6 * 3600.0;

std::unique_ptr<LiveIssSource> LiveSourceFromEnv(double default_timeout_seconds,
                                                 const char* timeout_setting) {
  std::string url = common::UrlSetting("ISS_NOW_URL", "http://api.open-notify.org/iss-now.json");
  double timeout_seconds = common::SecondsSetting(timeout_setting, default_timeout_seconds);
  return std::make_unique<LiveIssSource>(url, common::TimeoutsFor(timeout_seconds));
}

std::unique_ptr<TleIssSource> TleSourceFromEnv() {
  orbit::SatelliteTracker tracker = IssTrackerFromEnv();
  WarnIfStale(tracker, std::chrono::system_clock::now());
  auto source = std::make_unique<TleIssSource>(std::move(tracker));
  std::string refresh_url = common::Setting("ISS_TLE_URL", "");
  if (!refresh_url.empty()) {
    TleRefreshSettings refresh;
    refresh.url = common::UrlSetting("ISS_TLE_URL", "");
    refresh.interval = std::chrono::milliseconds(static_cast<long long>(
        common::SecondsSetting("ISS_TLE_REFRESH_SECONDS", kSixHours) * 1000));
    refresh.timeouts = common::TimeoutsFor(common::SecondsSetting("UPSTREAM_TIMEOUT_SECONDS", 5));
    source->KeepRefreshed(std::move(refresh));
  }
  return source;
}

}  // namespace

orbit::SatelliteTracker IssTrackerFromEnv() {
  std::string path = common::Setting("ISS_TLE_FILE", "");
  if (path.empty()) return orbit::SatelliteTracker::BundledIss();
  auto tracker = orbit::SatelliteTracker::FromTleFile(path, orbit::kIssCatalogNumber);
  if (!tracker) throw common::StartupError("ISS_TLE_FILE: " + tracker.error());
  return std::move(tracker).value();
}

namespace {

std::unique_ptr<IssPositionSource> PlainSourceFromEnv() {
  std::string source_name = common::ChoiceSetting("ISS_SOURCE", "tle", {"tle", "live", "auto"});
  if (source_name == "live") return LiveSourceFromEnv(5.0, "UPSTREAM_TIMEOUT_SECONDS");
  if (source_name == "auto") {
    // Read the live settings first: a bad one stops start-up before any thread runs.
    std::unique_ptr<LiveIssSource> live = LiveSourceFromEnv(2.0, "ISS_LIVE_TIMEOUT_SECONDS");
    return std::make_unique<AutoIssSource>(std::move(live), TleSourceFromEnv());
  }
  return TleSourceFromEnv();
}

}  // namespace

std::unique_ptr<IssPositionSource> PositionSourceFromEnv() {
  // The workshop's fault switch first: a bad one stops start-up before any thread runs.
  common::IssApiErrorFractionFromEnv();
  return WithFaultsFromEnv(PlainSourceFromEnv());
}

}  // namespace iss
