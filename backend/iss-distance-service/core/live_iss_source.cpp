#include "live_iss_source.h"

#include <spdlog/spdlog.h>

#include <cmath>

#include "common/query.h"

namespace iss {
namespace {

// open-notify sends coordinates as strings ("51.5"); accept plain numbers too.
common::Expected<double> Coordinate(const nlohmann::json& position, const char* name,
                                    double limit) {
  if (!position.contains(name)) return common::Failure{std::string("no ") + name};
  const nlohmann::json& value = position[name];
  double number = 0;
  if (value.is_number()) {
    number = value.get<double>();
  } else if (value.is_string()) {
    common::Expected<double> parsed = common::ParseNumber(value.get<std::string>());
    if (!parsed) return common::Failure{std::string(name) + " is not a number"};
    number = *parsed;
  } else {
    return common::Failure{std::string(name) + " is not a number"};
  }
  if (!std::isfinite(number) || std::fabs(number) > limit) {
    return common::Failure{std::string(name) + " is out of range"};
  }
  return number;
}

}  // namespace

common::Expected<IssPosition> ParseOpenNotify(std::string_view body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    return common::Failure{"answer is not a JSON object"};
  if (json.value("message", "") != "success") return common::Failure{"message is not \"success\""};
  if (!json.contains("iss_position") || !json["iss_position"].is_object()) {
    return common::Failure{"no iss_position"};
  }
  const nlohmann::json& position = json["iss_position"];
  common::Expected<double> latitude = Coordinate(position, "latitude", 90);
  if (!latitude) return common::Failure{latitude.error()};
  common::Expected<double> longitude = Coordinate(position, "longitude", 180);
  if (!longitude) return common::Failure{longitude.error()};

  IssPosition result;
  result.latitude = *latitude;
  result.longitude = *longitude;
  result.source = "live";
  if (json.contains("timestamp") && json["timestamp"].is_number_integer()) {
    result.time = std::chrono::system_clock::time_point(
        std::chrono::seconds(json["timestamp"].get<long long>()));
  } else {
    result.time = std::chrono::system_clock::now();
  }
  return result;
}

LiveIssSource::LiveIssSource(std::string url, common::HttpTimeouts timeouts)
    : url_(std::move(url)), timeouts_(timeouts) {}

PositionResult LiveIssSource::CurrentPosition() {
  common::HttpRequest request;
  request.url = url_;
  request.peer_name = "the ISS position API";
  request.timeouts = timeouts_;
  common::HttpResult result = common::SendRequest(request);
  if (!result.ok()) {
    return PositionResult(result.failure()).set_api_call(IssApiCall{url_, 0});
  }
  const common::HttpResponse& response = result.response();
  IssApiCall call{url_, response.status};
  // A status other than 200 is logged by the request handler, which sees `call`.
  if (response.status != 200) {
    return PositionResult(common::UpstreamFailure{502, "the ISS position API answered " +
                                                           std::to_string(response.status)})
        .set_api_call(call);
  }
  common::Expected<IssPosition> position = ParseOpenNotify(response.body);
  if (!position) {
    spdlog::error("ISS position API sent an unusable answer: {}", position.error());
    return PositionResult(
               common::UpstreamFailure{
                   502, "the ISS position API sent an unusable answer: " + position.error()})
        .set_api_call(call);
  }
  return PositionResult(position.value()).set_api_call(call);
}

}  // namespace iss
