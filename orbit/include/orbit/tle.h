// Two-line element sets (TLE): column-exact parsing with checksums and clear errors.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orbit/expected.h"
#include "orbit/time.h"

namespace orbit {

// One element set as published (units as in the TLE, angles in degrees).
struct ElementSet {
  std::string name;  // from the optional name line before line 1; empty if none
  int catalog_number = 0;
  char classification = 'U';
  std::string international_designator;  // e.g. "98067A", may be empty
  int epoch_year = 0;                    // four digits (two-digit years < 57 are 20xx)
  double epoch_day_of_year = 0;          // 1.0 is January 1st, 00:00 UTC
  TimePoint epoch;
  double mean_motion_dot = 0;   // first derivative of mean motion / 2, rev/day^2
  double mean_motion_ddot = 0;  // second derivative / 6, rev/day^3
  double bstar = 0;             // drag term, 1/earth radii
  int ephemeris_type = 0;
  int element_set_number = 0;
  double inclination_deg = 0;
  double raan_deg = 0;  // right ascension of the ascending node
  double eccentricity = 0;
  double argument_of_perigee_deg = 0;
  double mean_anomaly_deg = 0;
  double mean_motion_rev_per_day = 0;
  int revolution_number = 0;
  std::string line1, line2;  // the two lines as read (69 columns)
};

// Where and why a TLE could not be read. `line` is the line number in the text
// (1-based; for ParseTle's two lines it is 1 or 2), `column` is 1-based (0 when the
// whole line is concerned). `message` is complete, e.g.
// "line 3, column 69: checksum digit is 4 but the line sums to 2 (mod 10)".
struct TleError {
  int line = 0;
  int column = 0;
  std::string message;
};

struct TleParseOptions {
  // Off only to read known-bad historical files (some verification sets carry
  // copied lines whose checksum no longer matches).
  bool verify_checksum = true;
};

// The mod-10 checksum of the first 68 columns: digits count their value, '-' counts 1.
int TleChecksum(std::string_view line);

// Parses one set from its two lines (trailing whitespace and '\r' are ignored).
Expected<ElementSet, TleError> ParseTle(std::string_view line1, std::string_view line2,
                                        std::string_view name = {},
                                        const TleParseOptions& options = {});

// Parses every set in a text: each an optional name line (a leading "0 " as in
// three-line files is dropped) followed by lines 1 and 2. Blank lines and lines
// starting with '#' are skipped. An empty text, or one without any set, is an error.
Expected<std::vector<ElementSet>, TleError> ParseTleText(std::string_view text,
                                                         const TleParseOptions& options = {});

// Reads and parses a file (errors name the file).
Expected<std::vector<ElementSet>, TleError> ReadTleFile(const std::string& path,
                                                        const TleParseOptions& options = {});

// The set with that catalog number (the first if several), or an error saying which
// numbers the text does contain.
Expected<ElementSet, TleError> SelectByCatalogNumber(const std::vector<ElementSet>& sets,
                                                     int catalog_number);

}  // namespace orbit
