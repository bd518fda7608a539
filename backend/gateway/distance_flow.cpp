#include "distance_flow.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "common/faults.h"
#include "common/json_response.h"
#include "common/query.h"
#include "common/settings.h"

namespace gateway {
namespace {

// Shortest text that reads back as the same double.
std::string NumberText(double value) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

void PassOn(const char* peer, const common::HttpResponse& upstream, httplib::Response& res,
            const BackendErrorHandler& on_backend_error) {
  BackendError error{peer, upstream.status, common::ErrorText(upstream.body)};
  spdlog::warn("{} answered {}: {}", peer, error.status, error.text);
  if (on_backend_error) on_backend_error(error);
  res.status = upstream.status;
  res.set_content(upstream.body,
                  upstream.content_type.empty() ? "text/plain" : upstream.content_type);
}

common::HttpResult Ask(const std::string& url, const char* peer, common::QueryParams query,
                       const common::HttpTimeouts& timeouts) {
  common::HttpRequest request;
  request.url = url;
  request.peer_name = peer;
  request.query = std::move(query);
  request.timeouts = timeouts;
  return common::SendRequest(std::move(request));
}

// A backend's 200 answer as a JSON object, or nullptr-like discarded value.
nlohmann::json JsonObject(const common::HttpResponse& response) {
  nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
  return json.is_object() ? json : nlohmann::json(nlohmann::json::value_t::discarded);
}

// The distance for the place. With the retry-storm fault on, the call is made
// 1 + fault_retries times and the last answer kept: a retry loop that also retries
// successes, so iss-distance-service gets several times the gateway's request rate.
common::HttpResult AskDistance(const GatewaySettings& settings, double latitude, double longitude) {
  common::QueryParams query{{"latitude", NumberText(latitude)},
                            {"longitude", NumberText(longitude)}};
  common::HttpResult distance =
      Ask(settings.iss_distance_url, "iss-distance-service", query, settings.timeouts);
  for (int retry = 1; retry <= settings.fault_retries; ++retry) {
    spdlog::warn("retrying iss-distance-service (attempt {} of {})", retry + 1,
                 settings.fault_retries + 1);
    distance = Ask(settings.iss_distance_url, "iss-distance-service", query, settings.timeouts);
  }
  return distance;
}

}  // namespace

GatewaySettings GatewaySettingsFromEnv() {
  GatewaySettings settings;
  settings.geolocator_url = common::RequiredUrlSetting("GEOLOCATOR_SERVICE_URL");
  settings.iss_distance_url = common::RequiredUrlSetting("ISS_DISTANCE_SERVICE_URL");
  // Longer than the backends' own upstream timeouts (5 s), so their 504 reaches us first.
  settings.timeouts = common::TimeoutsFor(common::SecondsSetting("UPSTREAM_TIMEOUT_SECONDS", 8.0));
  settings.fault_retries = common::GatewayRetriesFromEnv();
  if (settings.fault_retries > 0) {
    spdlog::warn("a workshop fault is switched on (README Section 5)");
  }
  return settings;
}

void HandleGatewayRequest(const httplib::Request& req, httplib::Response& res,
                          const GatewaySettings& settings,
                          const BackendErrorHandler& on_backend_error) {
  if (!req.has_param("location") || req.get_param_value("location").empty()) {
    common::SendError(res, 400, "No location given");
    return;
  }
  std::string location = req.get_param_value("location");

  common::HttpResult coordinates = Ask(settings.geolocator_url, "geolocator-service",
                                       {{"location", location}}, settings.timeouts);
  if (!coordinates.ok()) {
    common::SendError(res, coordinates.failure().status, coordinates.failure().message);
    return;
  }
  if (coordinates.response().status != 200) {
    PassOn("geolocator-service", coordinates.response(), res, on_backend_error);
    return;
  }
  nlohmann::json place = JsonObject(coordinates.response());
  if (place.is_discarded() || !place.contains("latitude") || !place["latitude"].is_number() ||
      !place.contains("longitude") || !place["longitude"].is_number()) {
    spdlog::error("geolocator-service sent an unusable answer: {}", coordinates.response().body);
    common::SendError(res, 502, "geolocator-service sent an unusable answer");
    return;
  }
  double latitude = place["latitude"].get<double>();
  double longitude = place["longitude"].get<double>();

  common::HttpResult distance = AskDistance(settings, latitude, longitude);
  if (!distance.ok()) {
    common::SendError(res, distance.failure().status, distance.failure().message);
    return;
  }
  if (distance.response().status != 200) {
    PassOn("iss-distance-service", distance.response(), res, on_backend_error);
    return;
  }
  nlohmann::json answer = JsonObject(distance.response());
  if (answer.is_discarded() || !answer.contains("distance") || !answer["distance"].is_number()) {
    spdlog::error("iss-distance-service sent an unusable answer: {}", distance.response().body);
    common::SendError(res, 502, "iss-distance-service sent an unusable answer");
    return;
  }
  // The distance service's answer, plus where the place is.
  answer["place"] = {{"query", location},
                     {"name", place.value("place", location)},
                     {"latitude", latitude},
                     {"longitude", longitude}};
  common::SendJson(res, 200, answer);
}

}  // namespace gateway
