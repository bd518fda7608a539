// The frontend's one page: the form, and a result or an error, rendered with
// the mustache template in templates/index.mustache (which HTML-escapes every value).
#pragma once

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

// "1,234.57"
std::string FormatKilometres(double km);
// "51.5085° N" / "0.1257° W"
std::string FormatLatitude(double degrees);
std::string FormatLongitude(double degrees);
// TRACE_UI_URL with every "{trace_id}" replaced.
std::string TraceUrl(const std::string& url_template, const std::string& trace_id);

}  // namespace frontend
