#include "options.h"

#include <charconv>
#include <cmath>

namespace iss_position {

const char* const kUsage =
    "usage: iss-position [--tle FILE] [--catalog N] [--at TIME] [--observer LAT,LON]\n"
    "  --tle FILE        two-line element file (default: the bundled ISS elements)\n"
    "  --catalog N       choose the set with catalog number N in a multi-set file\n"
    "  --at TIME         ISO-8601 UTC (2026-09-17T06:30:00Z), epoch+MINUTES,\n"
    "                    epoch-MINUTES or now (default now)\n"
    "  --observer LAT,LON  degrees: adds range, elevation, azimuth, visibility and\n"
    "                    the next pass above 10 degrees within 24 hours\n"
    "Prints one JSON object. Exit status: 0 ok, 1 model error, 2 bad arguments.\n";

namespace {

// A whole string as a finite double.
std::optional<double> ToNumber(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

orbit::Expected<orbit::Observer, std::string> ParseObserver(const std::string& text) {
  const size_t comma = text.find(',');
  if (comma == std::string::npos) {
    return orbit::MakeUnexpected("--observer wants LAT,LON, got '" + text + "'");
  }
  auto latitude = ToNumber(std::string_view(text).substr(0, comma));
  auto longitude = ToNumber(std::string_view(text).substr(comma + 1));
  if (!latitude || !longitude) {
    return orbit::MakeUnexpected("--observer wants two numbers LAT,LON, got '" + text + "'");
  }
  if (*latitude < -90 || *latitude > 90) {
    return orbit::MakeUnexpected(std::string("--observer latitude must be in [-90, 90]"));
  }
  if (*longitude < -180 || *longitude > 180) {
    return orbit::MakeUnexpected(std::string("--observer longitude must be in [-180, 180]"));
  }
  return orbit::Observer{*latitude, *longitude, 0.0};
}

}  // namespace

orbit::Expected<Options, std::string> ParseOptions(const std::vector<std::string>& args) {
  Options options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& name = args[i];
    if (name == "--help" || name == "-h") {
      options.help = true;
      continue;
    }
    if (name != "--tle" && name != "--at" && name != "--observer" && name != "--catalog") {
      return orbit::MakeUnexpected("unknown argument '" + name + "'");
    }
    if (i + 1 == args.size()) return orbit::MakeUnexpected(name + " needs a value");
    const std::string& value = args[++i];
    if (name == "--tle") {
      options.tle_file = value;
    } else if (name == "--at") {
      options.at = value;
    } else if (name == "--observer") {
      auto observer = ParseObserver(value);
      if (!observer) return orbit::MakeUnexpected(observer.error());
      options.observer = *observer;
    } else {
      int number = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (error != std::errc{} || end != value.data() + value.size() || number <= 0) {
        return orbit::MakeUnexpected("--catalog wants a positive catalog number, got '" + value +
                                     "'");
      }
      options.catalog_number = number;
    }
  }
  return options;
}

orbit::Expected<orbit::TimePoint, std::string> ResolveTime(const std::string& at,
                                                           orbit::TimePoint epoch,
                                                           orbit::TimePoint now) {
  if (at == "now") return now;
  if (at.rfind("epoch", 0) == 0 && at.size() > 6 && (at[5] == '+' || at[5] == '-')) {
    auto minutes = ToNumber(std::string_view(at).substr(6));
    if (!minutes) {
      return orbit::MakeUnexpected("--at: '" + at + "' is not epoch+MINUTES or epoch-MINUTES");
    }
    return orbit::AddMinutes(epoch, at[5] == '+' ? *minutes : -*minutes);
  }
  auto time = orbit::ParseIso8601Utc(at);
  if (!time) {
    return orbit::MakeUnexpected("--at: '" + at +
                                 "' is not an ISO-8601 UTC time like 2026-09-17T06:30:00Z");
  }
  return *time;
}

}  // namespace iss_position
