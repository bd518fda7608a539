#include "position_source_factory.h"

#include "common/settings.h"
#include "live_iss_source.h"

namespace iss {

std::unique_ptr<IssPositionSource> PositionSourceFromEnv() {
  // "live" until the orbit library brings "tle" (the contract's default) and "auto".
  std::string source_name = common::ChoiceSetting("ISS_SOURCE", "live", {"live"});
  std::string url = common::UrlSetting("ISS_NOW_URL", "http://api.open-notify.org/iss-now.json");
  double timeout_seconds = common::SecondsSetting("UPSTREAM_TIMEOUT_SECONDS", 5.0);
  return std::make_unique<LiveIssSource>(url, common::TimeoutsFor(timeout_seconds));
}

}  // namespace iss
