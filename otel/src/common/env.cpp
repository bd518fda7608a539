#include "otel/common/env.h"

#include <cerrno>
#include <charconv>
#include <cstdlib>

#include "otel/common/internal_log.h"

namespace otel::env {

std::string_view trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<std::string> get_string(const char* name) {
  const char* raw = std::getenv(name);
  if (raw == nullptr) return std::nullopt;
  auto value = trim(raw);
  if (value.empty()) return std::nullopt;
  return std::string(value);
}

bool get_bool(const char* name, bool fallback) {
  auto value = get_string(name);
  if (!value) return fallback;
  const auto lower = to_lower(*value);
  if (lower == "true") return true;
  if (lower == "false") return false;
  internal::warn(std::string(name) + "='" + *value + "' is not true or false; using " +
                 (fallback ? "true" : "false"));
  return fallback;
}

std::optional<std::int64_t> get_int(const char* name) {
  auto value = get_string(name);
  if (!value) return std::nullopt;
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
  if (ec != std::errc() || ptr != value->data() + value->size()) {
    internal::warn(std::string(name) + "='" + *value + "' is not an integer; ignored");
    return std::nullopt;
  }
  return out;
}

std::optional<double> get_double(const char* name) {
  auto value = get_string(name);
  if (!value) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double out = std::strtod(value->c_str(), &end);
  if (errno != 0 || end != value->c_str() + value->size()) {
    internal::warn(std::string(name) + "='" + *value + "' is not a number; ignored");
    return std::nullopt;
  }
  return out;
}

std::optional<std::chrono::milliseconds> get_duration_ms(const char* name) {
  auto value = get_int(name);
  if (!value) return std::nullopt;
  if (*value < 0) {
    internal::warn(std::string(name) + " must not be negative; ignored");
    return std::nullopt;
  }
  return std::chrono::milliseconds(*value);
}

std::vector<std::string> get_list(const char* name) {
  std::vector<std::string> out;
  auto value = get_string(name);
  if (!value) return out;
  std::string_view rest = *value;
  while (true) {
    const auto comma = rest.find(',');
    auto item = trim(rest.substr(0, comma));
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> get_key_value_list(const char* name) {
  auto value = get_string(name);
  if (!value) return {};
  return parse_key_value_list(*value, name);
}

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int hi = hex_value(text[i + 1]);
    const int lo = hex_value(text[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    // W3C baggage-octet without the characters that delimit members and properties.
    const bool plain =
        c > 0x20 && c < 0x7F && c != '"' && c != ',' && c != ';' && c != '\\' && c != '%';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_key_value_list(std::string_view text,
                                                                      std::string_view what) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const auto raw = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const auto item = trim(raw);
    if (item.empty()) continue;
    const auto eq = item.find('=');
    const auto key = eq == std::string_view::npos ? std::string_view() : trim(item.substr(0, eq));
    if (key.empty()) {
      internal::warn(std::string(what) + ": ignoring malformed entry '" + std::string(item) +
                     "' (expected key=value)");
      continue;
    }
    auto decoded_key = percent_decode(key);
    auto decoded_value = percent_decode(trim(item.substr(eq + 1)));
    if (!decoded_key || !decoded_value || decoded_key->empty()) {
      internal::warn(std::string(what) + ": ignoring entry '" + std::string(item) +
                     "' with invalid percent-encoding");
      continue;
    }
    out.emplace_back(std::move(*decoded_key), std::move(*decoded_value));
  }
  return out;
}

}  // namespace otel::env
