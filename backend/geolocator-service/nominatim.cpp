#include "nominatim.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "common/query.h"
#include "common/url.h"

namespace geo {
namespace {

common::Expected<double> NumberField(const nlohmann::json& item, const char* key, double limit) {
  if (!item.contains(key)) return common::Failure{std::string("no ") + key};
  const nlohmann::json& value = item[key];
  common::Expected<double> number =
      value.is_string()   ? common::ParseNumber(value.get<std::string>())
      : value.is_number() ? common::Expected<double>(value.get<double>())
                          : common::Expected<double>(common::Failure{"not a number"});
  if (!number || std::fabs(*number) > limit) {
    return common::Failure{std::string(key) + " is not a valid coordinate"};
  }
  return number;
}

}  // namespace

common::Expected<std::optional<GeocodeHit>> ParseNominatimAnswer(std::string_view body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_array()) return common::Failure{"answer is not a JSON array"};
  if (json.empty()) return std::optional<GeocodeHit>();
  const nlohmann::json& first = json.front();
  if (!first.is_object()) return common::Failure{"result is not an object"};
  common::Expected<double> latitude = NumberField(first, "lat", 90);
  if (!latitude) return common::Failure{latitude.error()};
  common::Expected<double> longitude = NumberField(first, "lon", 180);
  if (!longitude) return common::Failure{longitude.error()};
  std::string place = first.contains("display_name") && first["display_name"].is_string()
                          ? first["display_name"].get<std::string>()
                          : "";
  return std::optional<GeocodeHit>(GeocodeHit{*latitude, *longitude, place});
}

GeocodeResult NominatimGeocoder::Locate(const std::string& location) const {
  common::HttpRequest request;
  std::optional<common::UrlParts> base = common::SplitUrl(settings_.base_url);
  request.url = base ? base->origin + common::JoinPath(base->path, "search") : settings_.base_url;
  request.query = {{"q", location}, {"format", "jsonv2"}, {"limit", "1"}};
  request.headers = {{"User-Agent", settings_.user_agent}, {"Accept", "application/json"}};
  request.peer_name = "Nominatim";
  request.timeouts = settings_.timeouts;

  common::HttpResult result = common::SendRequest(request);
  if (!result.ok()) return {std::nullopt, result.failure()};
  if (result.response().status != 200) {
    spdlog::error("Nominatim answered {}", result.response().status);
    return {std::nullopt,
            common::UpstreamFailure{
                502, "Nominatim answered " + std::to_string(result.response().status)}};
  }
  common::Expected<std::optional<GeocodeHit>> hit = ParseNominatimAnswer(result.response().body);
  if (!hit) {
    return {std::nullopt,
            common::UpstreamFailure{502, "Nominatim sent an unusable answer: " + hit.error()}};
  }
  return {*hit, std::nullopt};
}

}  // namespace geo
