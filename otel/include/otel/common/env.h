// Reading OTEL_* environment variables by the specification's rules: an empty value
// means unset, surrounding whitespace is ignored, a value that cannot be parsed is
// reported (once, as a warning) and treated as unset so the default applies.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace otel::env {

std::optional<std::string> get_string(const char* name);
// Only "true"/"false" (any case) are valid; anything else warns and gives `fallback`.
bool get_bool(const char* name, bool fallback = false);
std::optional<std::int64_t> get_int(const char* name);
std::optional<double> get_double(const char* name);
// Non-negative integer milliseconds (OTEL_*_TIMEOUT, OTEL_BSP_SCHEDULE_DELAY, ...).
std::optional<std::chrono::milliseconds> get_duration_ms(const char* name);
// Comma-separated list, items trimmed, empty items dropped (OTEL_PROPAGATORS, ...).
std::vector<std::string> get_list(const char* name);
// "k1=v1,k2=v2" with percent-decoded values (OTEL_EXPORTER_OTLP_HEADERS,
// OTEL_RESOURCE_ATTRIBUTES). Malformed entries are skipped with a warning naming `what`.
std::vector<std::pair<std::string, std::string>> get_key_value_list(const char* name);

// The parsing helpers behind the getters, for values that do not come from the
// environment.
std::vector<std::pair<std::string, std::string>> parse_key_value_list(std::string_view text,
                                                                      std::string_view what);
std::optional<std::string> percent_decode(std::string_view text);
std::string percent_encode(std::string_view text);  // for baggage values and headers
std::string_view trim(std::string_view text);
std::string to_lower(std::string_view text);

}  // namespace otel::env
