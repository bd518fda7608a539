// The workshop's "ISS API errors" fault (README Section 5; off unless
// FAULT_ISS_API_ERRORS or WORKSHOP_FAULT picks it): a fraction of position look-ups fail
// as if the ISS position API had answered 503, spread evenly over the calls
// (common::FailsEvenly) so a test can count them. The failing calls are answered here,
// at the service's edge, without asking the API, so the fault looks the same whatever
// ISS_SOURCE is: the request handler sees a 503 API call (the workshop's error log,
// iss.requests{response.status=503}, ERROR on getting-iss-coordinates) and the service
// answers 502, in the exercise and the solution alike.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "iss_position.h"

namespace iss {

class FailingIssApi : public IssPositionSource {
 public:
  FailingIssApi(std::unique_ptr<IssPositionSource> inner, double fraction, std::string api_url);
  std::string name() const override { return inner_->name(); }
  PositionResult CurrentPosition() override;

 private:
  std::unique_ptr<IssPositionSource> inner_;
  double fraction_;
  std::string api_url_;
  std::atomic<std::uint64_t> calls_{0};
};

// `source` as it is, or wrapped in a FailingIssApi when the fault switch asks for it.
std::unique_ptr<IssPositionSource> WithFaultsFromEnv(std::unique_ptr<IssPositionSource> source);

}  // namespace iss
