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
  // Well-formed sequences only (Unicode 15, Table 3-7): an overlong form
  // (%C0%AE), a surrogate (%ED%A0%80) or a code point above U+10FFFF is not text,
  // and would make the request's telemetry invalid OTLP. (The SDK has the same
  // check in otel/common/utf8.h; service_common does not link the SDK.)
  long count = 0;
  for (size_t i = 0; i < text.size(); ++count) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return -1;
    }
    if (i + length > text.size()) return -1;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < low || second > high) return -1;
    for (size_t k = 2; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return -1;
    }
    i += length;
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
