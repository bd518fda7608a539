#include "common/query.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace common {

Expected<double> ParseNumber(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end || !std::isfinite(value)) {
    return Failure{"not a number"};
  }
  return value;
}

Expected<double> RequireNumberInRange(const httplib::Request& req, const std::string& name,
                                      double min, double max) {
  if (!req.has_param(name) || req.get_param_value(name).empty()) {
    return Failure{"Missing " + name};
  }
  std::string text = req.get_param_value(name);
  Expected<double> number = ParseNumber(text);
  if (!number) {
    constexpr size_t kMaxQuoted = 40;
    std::string shown = text.size() > kMaxQuoted ? text.substr(0, kMaxQuoted) + "..." : text;
    return Failure{fmt::format("{} must be a number, got '{}'", name, shown)};
  }
  if (*number < min || *number > max) {
    return Failure{fmt::format("{} must be between {} and {}, got {}", name, min, max, *number)};
  }
  return *number;
}

long Utf8Length(std::string_view text) {
  long count = 0;
  for (size_t i = 0; i < text.size();) {
    auto lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xE  ? 3
                    : (lead >> 3) == 0x1E ? 4
                                          : 0;
    if (length == 0 || i + length > text.size()) return -1;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return -1;
    }
    i += length;
    ++count;
  }
  return count;
}

Expected<std::string> RequireText(const httplib::Request& req, const std::string& name,
                                  size_t max_chars, std::string_view missing_message) {
  std::string text = req.has_param(name) ? req.get_param_value(name) : "";
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return Failure{std::string(missing_message)};
  text = text.substr(start, text.find_last_not_of(" \t\r\n") - start + 1);
  long length = Utf8Length(text);
  if (length < 0) return Failure{name + " is not valid UTF-8"};
  if (static_cast<size_t>(length) > max_chars) {
    return Failure{
        fmt::format("{} is too long: {} characters, at most {}", name, length, max_chars)};
  }
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) return Failure{name + " contains control characters"};
  }
  return text;
}

}  // namespace common
