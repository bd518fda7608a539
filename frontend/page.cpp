#include "page.h"

#include <fmt/format.h>

#include <cmath>
#include <ctime>
#include <kainjow/mustache.hpp>
#include <stdexcept>

#include "frontend_assets.h"

namespace frontend {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

// render() is not const (it keeps state while rendering), so each request
// thread gets its own parsed copy.
mustache& PageTemplate() {
  thread_local mustache page_template = [] {
    mustache parsed{std::string(assets::kIndexTemplate)};
    if (!parsed.is_valid())
      throw std::runtime_error("bad page template: " + parsed.error_message());
    return parsed;
  }();
  return page_template;
}

std::string ErrorTitle(int status) {
  if (status == 400) return "Please check the place name";
  if (status == 404) return "Place not found";
  if (status == 504) return "A service took too long to answer";
  if (status >= 500) return "A service is not answering properly";
  return "Something went wrong";
}

std::string SourceLabel(const std::string& source) {
  if (source == "live") return "live API";
  if (source == "tle") return "SGP4 model";
  return source;
}

std::string UtcTime(long long unix_seconds) {
  std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%H:%M:%S UTC", &utc);
  return text;
}

data ResultData(const ResultView& result, const std::optional<std::string>& trace_url) {
  data view;
  view.set("distance_km", FormatKilometres(result.distance_km));
  view.set("iss_latitude", FormatLatitude(result.iss_latitude));
  view.set("iss_longitude", FormatLongitude(result.iss_longitude));
  view.set("place_name", result.place_name);
  view.set("place_coordinates",
           FormatLatitude(result.place_latitude) + ", " + FormatLongitude(result.place_longitude));
  view.set("source_label", SourceLabel(result.source));
  if (result.position_unix_seconds) {
    view.set("position_time", UtcTime(*result.position_unix_seconds));
  }
  if (result.altitude_km) view.set("altitude", fmt::format("{:.1f} km", *result.altitude_km));
  if (result.elevation_deg && result.visible) {
    view.set("horizon", HorizonText(*result.elevation_deg, *result.visible));
    view.set("horizon_class", *result.visible ? "above" : "below");
  }
  if (!result.tle_epoch.empty()) {
    view.set("elements", ElementsText(result.tle_epoch, result.tle_age_days));
  }
  if (trace_url) view.set("trace_url", *trace_url);
  return view;
}

}  // namespace

std::string FormatKilometres(double km) {
  std::string digits = fmt::format("{:.2f}", km);
  size_t point = digits.find('.');
  size_t first_digit = (!digits.empty() && digits[0] == '-') ? 1 : 0;
  for (size_t i = point; i > first_digit + 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

std::string FormatLatitude(double degrees) {
  return fmt::format("{:.4f}° {}", std::fabs(degrees), degrees < 0 ? 'S' : 'N');
}

std::string FormatLongitude(double degrees) {
  return fmt::format("{:.4f}° {}", std::fabs(degrees), degrees < 0 ? 'W' : 'E');
}

void ReadPositionFacts(const nlohmann::json& answer, ResultView& result) {
  auto number = [&](const char* key) -> std::optional<double> {
    if (answer.contains(key) && answer[key].is_number()) return answer[key].get<double>();
    return std::nullopt;
  };
  result.altitude_km = number("altitude_km");
  result.elevation_deg = number("elevation_deg");
  if (answer.contains("visible") && answer["visible"].is_boolean()) {
    result.visible = answer["visible"].get<bool>();
  }
  if (answer.contains("tle_epoch") && answer["tle_epoch"].is_string()) {
    result.tle_epoch = answer["tle_epoch"].get<std::string>();
  }
  result.tle_age_days = number("tle_age_days");
}

std::string HorizonText(double elevation_deg, bool visible) {
  if (visible) return fmt::format("above the horizon, {:.1f}° up", elevation_deg);
  return fmt::format("below the horizon ({:.1f}°)", elevation_deg);
}

std::string ElementsText(const std::string& iso_epoch, std::optional<double> age_days) {
  // "2026-09-16T20:27:47.669Z" -> "2026-09-16 20:27 UTC"; anything else as sent.
  std::string epoch = iso_epoch;
  if (epoch.size() >= 16 && epoch[10] == 'T')
    epoch = epoch.substr(0, 10) + " " + epoch.substr(11, 5) + " UTC";
  if (!age_days) return epoch;
  return fmt::format("{}, {:.1f} days old", epoch, *age_days);
}

std::string TraceUrl(const std::string& url_template, const std::string& trace_id) {
  static const std::string kPlaceholder = "{trace_id}";
  std::string url = url_template;
  for (size_t at = url.find(kPlaceholder); at != std::string::npos;
       at = url.find(kPlaceholder, at + trace_id.size())) {
    url.replace(at, kPlaceholder.size(), trace_id);
  }
  return url;
}

std::string RenderPage(const PageView& view) {
  data page;
  page.set("location", view.location);
  if (view.result) page.set("result", ResultData(*view.result, view.trace_url));
  if (view.error) {
    data error;
    error.set("title", ErrorTitle(view.error->status));
    error.set("message", view.error->message);
    if (view.error->status != 0) error.set("status", std::to_string(view.error->status));
    if (view.trace_url) error.set("trace_url", *view.trace_url);
    page.set("error", error);
  }
  return PageTemplate().render(page);
}

}  // namespace frontend
