#include "failing_iss_api.h"

#include <spdlog/spdlog.h>

#include "common/faults.h"
#include "common/settings.h"

namespace iss {
namespace {
constexpr int kFaultStatus = 503;
}  // namespace

FailingIssApi::FailingIssApi(std::unique_ptr<IssPositionSource> inner, double fraction,
                             std::string api_url)
    : inner_(std::move(inner)), fraction_(fraction), api_url_(std::move(api_url)) {}

PositionResult FailingIssApi::CurrentPosition() {
  if (common::FailsEvenly(calls_.fetch_add(1, std::memory_order_relaxed), fraction_)) {
    // The same result LiveIssSource gives for a 503 (live_iss_source.cpp).
    return PositionResult(common::UpstreamFailure{
                              502, "the ISS position API answered " + std::to_string(kFaultStatus)})
        .set_api_call(IssApiCall{api_url_, kFaultStatus});
  }
  return inner_->CurrentPosition();
}

std::unique_ptr<IssPositionSource> WithFaultsFromEnv(std::unique_ptr<IssPositionSource> source) {
  double fraction = common::IssApiErrorFractionFromEnv();
  if (fraction <= 0) return source;
  spdlog::warn("a workshop fault is switched on (README Section 5)");
  std::string url = common::UrlSetting("ISS_NOW_URL", "http://api.open-notify.org/iss-now.json");
  return std::make_unique<FailingIssApi>(std::move(source), fraction, std::move(url));
}

}  // namespace iss
