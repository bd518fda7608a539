// ISS_SOURCE=live: asks an open-notify style API (ISS_NOW_URL) where the ISS is.
#pragma once

#include <string>
#include <string_view>

#include "common/expected.h"
#include "common/http_client.h"
#include "iss_position.h"

namespace iss {

// Parses and validates {"message":"success","timestamp":N,
// "iss_position":{"latitude":"..","longitude":".."}} (numbers as strings or numbers).
common::Expected<IssPosition> ParseOpenNotify(std::string_view body);

class LiveIssSource : public IssPositionSource {
 public:
  LiveIssSource(std::string url, common::HttpTimeouts timeouts);
  std::string name() const override { return "live"; }
  PositionResult CurrentPosition() override;

 private:
  std::string url_;
  common::HttpTimeouts timeouts_;
};

}  // namespace iss
