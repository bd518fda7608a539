// Validation of query and form parameters. Every error message names the
// parameter, so a caller knows what to fix.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "common/expected.h"

namespace common {

// Strict decimal number: the whole text, finite, no spaces ("1e2" and "-0.5" are fine).
Expected<double> ParseNumber(std::string_view text);

// Query parameter `name` as a number within [min, max]. Errors:
// "Missing <name>", "<name> must be a number, got '<text>'",
// "<name> must be between <min> and <max>, got <value>".
Expected<double> RequireNumberInRange(const httplib::Request& req, const std::string& name,
                                      double min, double max);

// Parameter `name` as text: trimmed of surrounding white space; valid UTF-8;
// at most `max_chars` characters (code points); no control characters.
// A missing or blank value fails with `missing_message`.
Expected<std::string> RequireText(const httplib::Request& req, const std::string& name,
                                  size_t max_chars, std::string_view missing_message);

// Number of UTF-8 code points, or nullopt-like -1 when `text` is not valid UTF-8.
long Utf8Length(std::string_view text);

}  // namespace common
