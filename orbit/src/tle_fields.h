// Column-exact field readers for TLE lines (internal to the orbit library).
#pragma once

#include <sstream>
#include <string>
#include <string_view>

#include "orbit/expected.h"

namespace orbit::tle_fields {

inline constexpr size_t kLineLength = 69;

// A problem found inside one TLE line, before we know how the caller numbers lines.
struct LineProblem {
  int tle_line;  // 1 or 2
  int column;    // 1-based, 0 for the whole line
  std::string detail;
};

using FieldResult = Expected<double, LineProblem>;

inline std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r' || text.back() == '\n' ||
                           text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

inline bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// A field of one line: 1-based inclusive columns, with its name for messages.
struct Field {
  int tle_line;
  int first_column;
  int last_column;
  const char* name;

  std::string_view In(std::string_view line) const {
    return line.substr(static_cast<size_t>(first_column - 1),
                       static_cast<size_t>(last_column - first_column + 1));
  }
  Unexpected<LineProblem> Problem(int offset, const std::string& why) const {
    std::ostringstream text;
    text << name << " (columns " << first_column << "-" << last_column << ") " << why;
    return MakeUnexpected(LineProblem{tle_line, first_column + offset, text.str()});
  }
  Unexpected<LineProblem> NotANumber(std::string_view text, int offset) const {
    return Problem(offset, "must be a number, found '" + std::string(text) + "'");
  }
};

// Leading blanks, an optional sign, digits with at most one decimal point.
FieldResult ReadDecimal(std::string_view line, const Field& field);
// An integer with leading blanks; a blank field reads as 0 when allowed.
FieldResult ReadInteger(std::string_view line, const Field& field, bool blank_is_zero);
// "ddddddd" with an implied leading decimal point (eccentricity).
FieldResult ReadImpliedFraction(std::string_view line, const Field& field);
// "[sign]ddddd[sign]d": mantissa with an implied leading decimal point and a power of ten
// (" 13566-3" is 0.13566e-3). A blank field reads as 0.
FieldResult ReadImpliedExponent(std::string_view line, const Field& field);
// Five digits, or Alpha-5 (first character a letter, A=10 ... Z=33 without I and O).
FieldResult ReadCatalogNumber(std::string_view line, const Field& field);

}  // namespace orbit::tle_fields
