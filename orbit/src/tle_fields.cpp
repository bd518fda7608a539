#include "tle_fields.h"

#include <charconv>
#include <cmath>

namespace orbit::tle_fields {

// Leading blanks, an optional sign, digits with at most one decimal point.
FieldResult ReadDecimal(std::string_view line, const Field& field) {
  std::string_view text = field.In(line);
  size_t pos = 0;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (pos == text.size()) return field.Problem(0, "is blank");
  double sign = 1;
  if (text[pos] == '-' || text[pos] == '+') {
    sign = text[pos] == '-' ? -1 : 1;
    ++pos;
  }
  size_t start = pos;
  bool seen_point = false, seen_digit = false;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (IsDigit(c)) {
      seen_digit = true;
    } else {
      return field.NotANumber(text, static_cast<int>(pos));
    }
  }
  if (!seen_digit) return field.NotANumber(text, static_cast<int>(start));
  double value = 0;
  std::from_chars(text.data() + start, text.data() + text.size(), value);
  return sign * value;
}

// An integer with leading blanks; a blank field reads as 0 when allowed.
FieldResult ReadInteger(std::string_view line, const Field& field, bool blank_is_zero) {
  std::string_view text = field.In(line);
  size_t pos = 0;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (pos == text.size()) {
    if (blank_is_zero) return 0.0;
    return field.Problem(0, "is blank");
  }
  double value = 0;
  for (; pos < text.size(); ++pos) {
    if (!IsDigit(text[pos])) return field.NotANumber(text, static_cast<int>(pos));
    value = value * 10 + (text[pos] - '0');
  }
  return value;
}

// "ddddddd" with an implied leading decimal point (eccentricity).
FieldResult ReadImpliedFraction(std::string_view line, const Field& field) {
  std::string_view text = field.In(line);
  double value = 0, scale = 0.1;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (!IsDigit(text[pos])) return field.NotANumber(text, static_cast<int>(pos));
    value += (text[pos] - '0') * scale;
    scale /= 10;
  }
  return value;
}

// "[sign]ddddd[sign]d": mantissa with an implied leading decimal point, power of ten
// (e.g. " 13566-3" is 0.13566e-3). A blank field reads as 0.
FieldResult ReadImpliedExponent(std::string_view line, const Field& field) {
  std::string_view text = field.In(line);
  size_t pos = 0;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (pos == text.size()) return 0.0;
  double sign = 1;
  if (text[pos] == '-' || text[pos] == '+') {
    sign = text[pos] == '-' ? -1 : 1;
    ++pos;
  }
  double mantissa = 0, scale = 0.1;
  size_t digits = 0;
  for (; pos < text.size() && IsDigit(text[pos]); ++pos, ++digits) {
    mantissa += (text[pos] - '0') * scale;
    scale /= 10;
  }
  if (digits == 0) return field.NotANumber(text, static_cast<int>(pos));
  if (pos + 2 != text.size() || (text[pos] != '-' && text[pos] != '+' && text[pos] != ' ')) {
    return field.Problem(static_cast<int>(std::min(pos, text.size() - 1)),
                         "must look like ' 12345-6', found '" + std::string(text) + "'");
  }
  if (!IsDigit(text[pos + 1])) return field.NotANumber(text, static_cast<int>(pos + 1));
  int exponent = text[pos + 1] - '0';
  if (text[pos] == '-') exponent = -exponent;
  return sign * mantissa * std::pow(10.0, exponent);
}

// Five digits, or the Alpha-5 form whose first character is a letter (A=10 ... Z=33,
// skipping I and O) for catalog numbers above 99999.
FieldResult ReadCatalogNumber(std::string_view line, const Field& field) {
  std::string_view text = field.In(line);
  double leading = 0;
  char first = text[0];
  if (first >= 'A' && first <= 'Z' && first != 'I' && first != 'O') {
    leading = 10 + (first - 'A') - (first > 'I' ? 1 : 0) - (first > 'O' ? 1 : 0);
  } else if (IsDigit(first) || first == ' ') {
    leading = first == ' ' ? 0 : first - '0';
  } else {
    return field.NotANumber(text, 0);
  }
  double rest = 0;
  for (size_t pos = 1; pos < text.size(); ++pos) {
    if (text[pos] == ' ' && rest == 0) continue;
    if (!IsDigit(text[pos])) return field.NotANumber(text, static_cast<int>(pos));
    rest = rest * 10 + (text[pos] - '0');
  }
  return leading * 10000 + rest;
}

}  // namespace orbit::tle_fields
