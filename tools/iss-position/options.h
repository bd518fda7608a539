// Command-line options of iss-position.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orbit/expected.h"
#include "orbit/look_angles.h"

namespace iss_position {

struct Options {
  std::optional<std::string> tle_file;  // default: the bundled ISS elements
  std::optional<int> catalog_number;
  std::string at = "now";  // ISO-8601 UTC, "epoch+MINUTES", "epoch-MINUTES" or "now"
  std::optional<orbit::Observer> observer;
  bool help = false;
};

extern const char* const kUsage;

// Parses argv[1..]; the error says what is wrong (the caller adds the usage).
orbit::Expected<Options, std::string> ParseOptions(const std::vector<std::string>& args);

// Resolves `at` against the element set's epoch and the current time.
orbit::Expected<orbit::TimePoint, std::string> ResolveTime(const std::string& at,
                                                           orbit::TimePoint epoch,
                                                           orbit::TimePoint now);

}  // namespace iss_position
