// ISS_SOURCE=auto: the live API with a short timeout; on any failure, SGP4.
// The answer's `source` says which one gave the position.
#pragma once

#include <memory>

#include "live_iss_source.h"
#include "tle_iss_source.h"

namespace iss {

class AutoIssSource : public IssPositionSource {
 public:
  AutoIssSource(std::unique_ptr<LiveIssSource> live, std::unique_ptr<TleIssSource> tle);
  std::string name() const override { return "auto"; }
  PositionResult CurrentPosition() override;

 private:
  std::unique_ptr<LiveIssSource> live_;
  std::unique_ptr<TleIssSource> tle_;
};

}  // namespace iss
