// Where the ISS is, from some source. Sources: "live" (an open-notify style
// JSON API, live_iss_source.h), "tle" (SGP4 from two-line elements,
// tle_iss_source.h) and "auto" (live, falling back to tle: auto_iss_source.h).
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/http_client.h"

namespace iss {

struct IssPosition {
  double latitude = 0;                         // degrees, [-90, 90]
  double longitude = 0;                        // degrees, [-180, 180]
  std::chrono::system_clock::time_point time;  // when the position holds
  std::string source;                          // "live", "tle", ...
  // Height above the WGS84 ellipsoid when the source knows it (SGP4 does, the
  // live API does not).
  std::optional<double> altitude_km;
  // An altitude good enough for look angles when the source has none (auto mode
  // takes SGP4's for a live position); never reported as altitude_km.
  std::optional<double> assumed_altitude_km;
  // Source-specific facts for the answer (e.g. a TLE's epoch and age).
  nlohmann::json details = nlohmann::json::object();
};

// The HTTP call to the ISS position API behind a result (live and auto sources), so
// the request handler can count and trace it without the sources knowing telemetry.
struct IssApiCall {
  std::string url;
  int status = 0;  // the API's HTTP status; 0 when it gave no answer (refused, timed out)
  bool answered() const { return status > 0; }
};

// A position, or why there is none (with the status the service should answer).
class PositionResult {
 public:
  PositionResult(IssPosition position) : position_(std::move(position)), ok_(true) {}  // NOLINT
  PositionResult(common::UpstreamFailure failure) : failure_(std::move(failure)) {}    // NOLINT
  bool ok() const { return ok_; }
  const IssPosition& position() const { return position_; }
  const common::UpstreamFailure& failure() const { return failure_; }

  // The ISS API call made for this result, if any (SGP4 makes none).
  const std::optional<IssApiCall>& api_call() const { return api_call_; }
  PositionResult& set_api_call(std::optional<IssApiCall> call) {
    api_call_ = std::move(call);
    return *this;
  }

 private:
  IssPosition position_;
  common::UpstreamFailure failure_;
  bool ok_ = false;
  std::optional<IssApiCall> api_call_;
};

class IssPositionSource {
 public:
  virtual ~IssPositionSource() = default;
  virtual std::string name() const = 0;
  // Thread-safe: called concurrently by request threads.
  virtual PositionResult CurrentPosition() = 0;
};

}  // namespace iss
