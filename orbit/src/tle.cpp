#include "orbit/tle.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "tle_fields.h"

namespace orbit {
namespace {

using namespace tle_fields;  // NOLINT: the field readers are this file's vocabulary

Expected<int, LineProblem> CheckStructure(std::string_view line, int which) {
  if (line.size() < kLineLength) {
    return MakeUnexpected(LineProblem{
        which, static_cast<int>(line.size()) + 1,
        "line is " + std::to_string(line.size()) + " characters long, a TLE line has 69"});
  }
  if (line.size() > kLineLength) {
    return MakeUnexpected(LineProblem{which, 70, "unexpected text after column 69"});
  }
  if (line[0] != static_cast<char>('0' + which)) {
    return MakeUnexpected(LineProblem{which, 1,
                                      std::string("line number must be '") +
                                          static_cast<char>('0' + which) + "', found '" + line[0] +
                                          "'"});
  }
  if (line[1] != ' ') {
    return MakeUnexpected(LineProblem{which, 2, "column 2 must be blank"});
  }
  return which;
}

Expected<int, LineProblem> CheckChecksum(std::string_view line, int which) {
  char digit = line[68];
  if (!IsDigit(digit)) {
    return MakeUnexpected(
        LineProblem{which, 69, std::string("checksum must be a digit, found '") + digit + "'"});
  }
  int sum = TleChecksum(line);
  if (digit - '0' != sum) {
    return MakeUnexpected(LineProblem{which, 69,
                                      std::string("checksum digit is ") + digit +
                                          " but the line sums to " + std::to_string(sum) +
                                          " (mod 10)"});
  }
  return sum;
}

#define ORBIT_READ(target, expression)                             \
  do {                                                             \
    auto read_result = (expression);                               \
    if (!read_result) return MakeUnexpected(read_result.error());  \
    (target) = static_cast<decltype(target)>(read_result.value()); \
  } while (false)

Expected<ElementSet, LineProblem> ParseLines(std::string_view line1, std::string_view line2,
                                             const TleParseOptions& options) {
  for (int which : {1, 2}) {
    auto structure = CheckStructure(which == 1 ? line1 : line2, which);
    if (!structure) return MakeUnexpected(structure.error());
  }
  ElementSet set;
  set.line1 = std::string(line1);
  set.line2 = std::string(line2);

  ORBIT_READ(set.catalog_number, ReadCatalogNumber(line1, {1, 3, 7, "catalog number"}));
  set.classification = line1[7];
  std::string_view designator = TrimRight(line1.substr(9, 8));
  while (!designator.empty() && designator.front() == ' ') designator.remove_prefix(1);
  set.international_designator = std::string(designator);
  int two_digit_year = 0;
  ORBIT_READ(two_digit_year, ReadInteger(line1, {1, 19, 20, "epoch year"}, false));
  set.epoch_year = two_digit_year < 57 ? 2000 + two_digit_year : 1900 + two_digit_year;
  Field epoch_day{1, 21, 32, "epoch day of year"};
  ORBIT_READ(set.epoch_day_of_year, ReadDecimal(line1, epoch_day));
  if (set.epoch_day_of_year < 1.0 || set.epoch_day_of_year >= 367.0) {
    return MakeUnexpected(epoch_day.Problem(0, "must be at least 1 and below 367").error);
  }
  set.epoch = TimeFromYearAndDayOfYear(set.epoch_year, set.epoch_day_of_year);
  ORBIT_READ(set.mean_motion_dot,
             ReadDecimal(line1, {1, 34, 43, "first derivative of mean motion"}));
  ORBIT_READ(set.mean_motion_ddot,
             ReadImpliedExponent(line1, {1, 45, 52, "second derivative of mean motion"}));
  ORBIT_READ(set.bstar, ReadImpliedExponent(line1, {1, 54, 61, "BSTAR drag term"}));
  ORBIT_READ(set.ephemeris_type, ReadInteger(line1, {1, 63, 63, "ephemeris type"}, true));
  ORBIT_READ(set.element_set_number, ReadInteger(line1, {1, 65, 68, "element set number"}, true));
  if (options.verify_checksum) {
    auto checksum = CheckChecksum(line1, 1);
    if (!checksum) return MakeUnexpected(checksum.error());
  }

  int catalog2 = 0;
  ORBIT_READ(catalog2, ReadCatalogNumber(line2, {2, 3, 7, "catalog number"}));
  ORBIT_READ(set.inclination_deg, ReadDecimal(line2, {2, 9, 16, "inclination"}));
  ORBIT_READ(set.raan_deg, ReadDecimal(line2, {2, 18, 25, "right ascension of the node"}));
  ORBIT_READ(set.eccentricity, ReadImpliedFraction(line2, {2, 27, 33, "eccentricity"}));
  ORBIT_READ(set.argument_of_perigee_deg, ReadDecimal(line2, {2, 35, 42, "argument of perigee"}));
  ORBIT_READ(set.mean_anomaly_deg, ReadDecimal(line2, {2, 44, 51, "mean anomaly"}));
  ORBIT_READ(set.mean_motion_rev_per_day, ReadDecimal(line2, {2, 53, 63, "mean motion"}));
  ORBIT_READ(set.revolution_number, ReadInteger(line2, {2, 64, 68, "revolution number"}, true));
  if (options.verify_checksum) {
    auto checksum = CheckChecksum(line2, 2);
    if (!checksum) return MakeUnexpected(checksum.error());
  }
  if (catalog2 != set.catalog_number) {
    return MakeUnexpected(LineProblem{2, 3,
                                      "catalog number " + std::to_string(catalog2) +
                                          " (columns 3-7) does not match line 1's " +
                                          std::to_string(set.catalog_number)});
  }
  return set;
}

#undef ORBIT_READ

std::string Describe(const std::string& where, int column, const std::string& detail) {
  std::string text = where;
  if (column > 0) text += ", column " + std::to_string(column);
  return text + ": " + detail;
}

}  // namespace

int TleChecksum(std::string_view line) {
  int sum = 0;
  for (size_t i = 0; i < line.size() && i < kLineLength - 1; ++i) {
    if (IsDigit(line[i])) sum += line[i] - '0';
    if (line[i] == '-') sum += 1;
  }
  return sum % 10;
}

Expected<ElementSet, TleError> ParseTle(std::string_view line1, std::string_view line2,
                                        std::string_view name, const TleParseOptions& options) {
  auto parsed = ParseLines(TrimRight(line1), TrimRight(line2), options);
  if (!parsed) {
    const LineProblem& problem = parsed.error();
    return MakeUnexpected(TleError{
        problem.tle_line, problem.column,
        Describe("line " + std::to_string(problem.tle_line), problem.column, problem.detail)});
  }
  parsed->name = std::string(TrimRight(name));
  return std::move(parsed).value();
}

Expected<std::vector<ElementSet>, TleError> ParseTleText(std::string_view text,
                                                         const TleParseOptions& options) {
  struct NumberedLine {
    int number;
    std::string_view text;
  };
  std::vector<NumberedLine> lines;
  int number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    ++number;
    line = TrimRight(line);
    if (!line.empty() && line[0] != '#') lines.push_back({number, line});
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  auto is_line = [](std::string_view line, char which) {
    return line[0] == which && (line.size() == 1 || line[1] == ' ');
  };
  auto error = [](int line, int column, const std::string& detail) {
    return MakeUnexpected(
        TleError{line, column, Describe("line " + std::to_string(line), column, detail)});
  };

  std::vector<ElementSet> sets;
  for (size_t i = 0; i < lines.size();) {
    std::string_view name;
    int name_line = 0;
    if (!is_line(lines[i].text, '1') && !is_line(lines[i].text, '2')) {
      name = lines[i].text;
      name_line = lines[i].number;
      if (name.size() >= 2 && name[0] == '0' && name[1] == ' ') name.remove_prefix(2);
      ++i;
      if (i == lines.size() || !is_line(lines[i].text, '1')) {
        int at = i == lines.size() ? name_line : lines[i].number;
        return error(at, 0,
                     "expected line 1 of an element set after the name on line " +
                         std::to_string(name_line));
      }
    }
    if (!is_line(lines[i].text, '1')) {
      return error(lines[i].number, 1, "line 2 of an element set without a line 1 before it");
    }
    if (i + 1 == lines.size() || !is_line(lines[i + 1].text, '2')) {
      int at = i + 1 == lines.size() ? lines[i].number : lines[i + 1].number;
      return error(
          at, 0,
          "expected line 2 of the element set begun on line " + std::to_string(lines[i].number));
    }
    auto parsed = ParseLines(lines[i].text, lines[i + 1].text, options);
    if (!parsed) {
      const LineProblem& problem = parsed.error();
      const int file_line = lines[i + static_cast<size_t>(problem.tle_line - 1)].number;
      return MakeUnexpected(TleError{file_line, problem.column,
                                     Describe("line " + std::to_string(file_line) + " (line " +
                                                  std::to_string(problem.tle_line) + " of the set)",
                                              problem.column, problem.detail)});
    }
    parsed->name = std::string(name);
    sets.push_back(std::move(parsed).value());
    i += 2;
  }
  if (sets.empty()) return error(0, 0, "no element set found");
  return sets;
}

Expected<std::vector<ElementSet>, TleError> ReadTleFile(const std::string& path,
                                                        const TleParseOptions& options) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return MakeUnexpected(TleError{0, 0, "cannot read " + path + ": " + std::strerror(errno)});
  }
  std::ostringstream content;
  content << file.rdbuf();
  auto sets = ParseTleText(content.str(), options);
  if (!sets) {
    TleError located = sets.error();
    located.message = path + ": " + located.message;
    return MakeUnexpected(std::move(located));
  }
  return sets;
}

Expected<ElementSet, TleError> SelectByCatalogNumber(const std::vector<ElementSet>& sets,
                                                     int catalog_number) {
  for (const ElementSet& set : sets) {
    if (set.catalog_number == catalog_number) return set;
  }
  std::string present;
  for (const ElementSet& set : sets) {
    present += (present.empty() ? "" : ", ") + std::to_string(set.catalog_number);
  }
  return MakeUnexpected(TleError{0, 0,
                                 "no element set for catalog number " +
                                     std::to_string(catalog_number) + " (the text has " +
                                     (present.empty() ? "none" : present) + ")"});
}

}  // namespace orbit
