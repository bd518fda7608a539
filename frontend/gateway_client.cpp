#include "gateway_client.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "common/json_response.h"
#include "common/settings.h"
#include "otel/context/context.h"

namespace frontend {
namespace {

double NumberAt(const nlohmann::json& json, const nlohmann::json::json_pointer& pointer) {
  if (!json.contains(pointer) || !json[pointer].is_number()) {
    throw std::invalid_argument(pointer.to_string());
  }
  return json[pointer].get<double>();
}

std::optional<ResultView> ParseGatewayAnswer(const std::string& body, const std::string& location) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  try {
    using Pointer = nlohmann::json::json_pointer;
    ResultView result;
    result.distance_km = NumberAt(json, Pointer("/distance"));
    result.iss_latitude = NumberAt(json, Pointer("/location/latitude"));
    result.iss_longitude = NumberAt(json, Pointer("/location/longitude"));
    result.place_latitude = NumberAt(json, Pointer("/place/latitude"));
    result.place_longitude = NumberAt(json, Pointer("/place/longitude"));
    const nlohmann::json place = json.value("place", nlohmann::json::object());
    result.place_name = place.value("name", location);
    result.source = json.value("source", "");
    if (json.contains("timestamp") && json["timestamp"].is_number_integer()) {
      result.position_unix_seconds = json["timestamp"].get<long long>();
    }
    ReadPositionFacts(json, result);  // altitude, horizon, elements (page.h)
    return result;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

FrontendSettings FrontendSettingsFromEnv() {
  FrontendSettings settings;
  settings.gateway_url = common::RequiredUrlSetting("GATEWAY_URL");
  std::string trace_ui_url = common::Setting("TRACE_UI_URL", "");
  if (!trace_ui_url.empty()) settings.trace_ui_url = common::UrlSetting("TRACE_UI_URL", "");
  // Longer than the gateway's own upstream timeout, so its 504 reaches us first.
  settings.timeouts = common::TimeoutsFor(common::SecondsSetting("UPSTREAM_TIMEOUT_SECONDS", 12.0));
  return settings;
}

PageView AskGateway(const FrontendSettings& settings, const std::string& location, int& status) {
  PageView view;
  view.location = location;
  if (settings.trace_ui_url) {
    // The trace this request belongs to: its SERVER span's, once the frontend is
    // traced (Section 4); before that there is no span and no link.
    const otel::trace::SpanContext& context = otel::Context::current().span_context();
    if (context.is_valid()) {
      view.trace_url = TraceUrl(*settings.trace_ui_url, context.trace_id().to_hex());
    }
  }

  common::HttpRequest request;
  request.url = settings.gateway_url;
  request.peer_name = "gateway";
  request.query = {{"location", location}};
  request.timeouts = settings.timeouts;
  common::HttpResult answer = common::SendRequest(std::move(request));

  if (!answer.ok()) {
    status = answer.failure().status;
    view.error = ErrorView{status, answer.failure().message};
  } else if (answer.response().status != 200) {
    status = answer.response().status;
    view.error = ErrorView{status, common::ErrorText(answer.response().body)};
    spdlog::warn("gateway answered {} for '{}': {}", status, location, view.error->message);
  } else if (std::optional<ResultView> result =
                 ParseGatewayAnswer(answer.response().body, location)) {
    status = 200;
    view.result = std::move(result);
  } else {
    status = 502;
    view.error = ErrorView{status, "the gateway sent an answer this page cannot read"};
    spdlog::error("the gateway sent an unreadable answer for '{}'", location);
  }
  return view;
}

}  // namespace frontend
