// The frontend's one page: the form, and a result or an error, rendered with
// the mustache template in templates/index.mustache (which HTML-escapes every value).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace frontend {

struct ResultView {
  double distance_km = 0;
  double iss_latitude = 0;
  double iss_longitude = 0;
  std::string place_name;
  double place_latitude = 0;
  double place_longitude = 0;
  std::string source;  // "live", "tle", ...
  std::optional<long long> position_unix_seconds;
  // From the ISS position's source (null/absent when it does not know them).
  std::optional<double> altitude_km;
  std::optional<double> elevation_deg;  // above the place's horizon
  std::optional<bool> visible;          // above the horizon
  std::string tle_epoch;                // SGP4 only: the elements' epoch (ISO-8601)
  std::optional<double> tle_age_days;
};

struct ErrorView {
  int status = 0;  // the HTTP status behind the error (0: none)
  std::string message;
};

struct PageView {
  std::string location;  // what the user typed (kept in the form)
  std::optional<ResultView> result;
  std::optional<ErrorView> error;
  std::optional<std::string> trace_url;
};

std::string RenderPage(const PageView& view);

// Copies what the ISS source adds to an answer (altitude_km, elevation_deg,
// visible, tle_epoch, tle_age_days) into `result`; missing or null fields stay unset.
void ReadPositionFacts(const nlohmann::json& answer, ResultView& result);

// "1,234.57"
std::string FormatKilometres(double km);
// "51.5085° N" / "0.1257° W"
std::string FormatLatitude(double degrees);
std::string FormatLongitude(double degrees);
// "above the horizon, 23.4° up" / "below the horizon (-20.2°)"
std::string HorizonText(double elevation_deg, bool visible);
// "2026-09-16 20:27 UTC, 69.6 days old"
std::string ElementsText(const std::string& iso_epoch, std::optional<double> age_days);
// TRACE_UI_URL with every "{trace_id}" replaced.
std::string TraceUrl(const std::string& url_template, const std::string& trace_id);

}  // namespace frontend
