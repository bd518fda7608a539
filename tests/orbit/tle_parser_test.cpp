// TLE parsing: good sets read correctly, broken ones say which line and column.
#include <gtest/gtest.h>

#include <string>

#include "orbit/tle.h"

namespace {

const std::string kLine1 = "1 25544U 98067A   26259.85263506  .00007068  00000+0  13566-3 0  9993";
const std::string kLine2 = "2 25544  51.6307 206.4210 0004838 147.2470 212.8820 15.49143506585961";

// Replaces the character at a 1-based column and fixes the checksum, so that only the
// intended defect is present.
std::string WithColumn(std::string line, int column, char c, bool fix_checksum = true) {
  line[static_cast<size_t>(column - 1)] = c;
  if (fix_checksum) line[68] = static_cast<char>('0' + orbit::TleChecksum(line));
  return line;
}

TEST(TleParser, ReadsEveryField) {
  auto set = orbit::ParseTle(kLine1, kLine2, "ISS (ZARYA)");
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->name, "ISS (ZARYA)");
  EXPECT_EQ(set->catalog_number, 25544);
  EXPECT_EQ(set->classification, 'U');
  EXPECT_EQ(set->international_designator, "98067A");
  EXPECT_EQ(set->epoch_year, 2026);
  EXPECT_DOUBLE_EQ(set->epoch_day_of_year, 259.85263506);
  EXPECT_DOUBLE_EQ(set->mean_motion_dot, 0.00007068);
  EXPECT_DOUBLE_EQ(set->mean_motion_ddot, 0.0);
  EXPECT_DOUBLE_EQ(set->bstar, 0.13566e-3);
  EXPECT_EQ(set->element_set_number, 999);
  EXPECT_DOUBLE_EQ(set->inclination_deg, 51.6307);
  EXPECT_DOUBLE_EQ(set->raan_deg, 206.4210);
  EXPECT_DOUBLE_EQ(set->eccentricity, 0.0004838);
  EXPECT_DOUBLE_EQ(set->argument_of_perigee_deg, 147.2470);
  EXPECT_DOUBLE_EQ(set->mean_anomaly_deg, 212.8820);
  EXPECT_DOUBLE_EQ(set->mean_motion_rev_per_day, 15.49143506);
  EXPECT_EQ(set->revolution_number, 58596);
  // Day 259 of 2026 is September 16th; .85263506 of a day is 20:27:47.669.
  EXPECT_EQ(orbit::FormatIso8601Utc(set->epoch), "2026-09-16T20:27:47.669Z");
}

TEST(TleParser, SignedAndExponentFields) {
  auto set =
      orbit::ParseTle("1 16925U 86065D   06151.67415771  .02550794 -30915-6  18784-3 0  4486",
                      "2 16925  62.0906 295.0239 5596327 245.1593  47.9690  4.88511875148616");
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_DOUBLE_EQ(set->mean_motion_ddot, -0.30915e-6);
  EXPECT_DOUBLE_EQ(set->bstar, 0.18784e-3);
  EXPECT_EQ(set->epoch_year, 2006);
  auto old =
      orbit::ParseTle("1 04632U 70093B   04031.91070959 -.00000084  00000-0  10000-3 0  9955",
                      "2 04632  11.4628 273.1101 1450506 207.6000 143.9350  1.20231981 44145");
  ASSERT_TRUE(old) << old.error().message;
  EXPECT_DOUBLE_EQ(old->mean_motion_dot, -0.00000084);
  EXPECT_EQ(old->catalog_number, 4632);
}

TEST(TleParser, WrongChecksumNamesLineAndColumn69) {
  auto set = orbit::ParseTle(WithColumn(kLine1, 69, '4', false), kLine2);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().line, 1);
  EXPECT_EQ(set.error().column, 69);
  EXPECT_NE(set.error().message.find("checksum digit is 4 but the line sums to 3"),
            std::string::npos)
      << set.error().message;

  // A changed digit elsewhere is caught by the checksum of its line.
  auto changed = orbit::ParseTle(kLine1, WithColumn(kLine2, 12, '7', false));
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().line, 2);
  EXPECT_EQ(changed.error().column, 69);

  // '-' counts one: a minus sign where a blank was changes the sum.
  EXPECT_EQ(orbit::TleChecksum(WithColumn(kLine1, 34, '-', false)),
            (orbit::TleChecksum(kLine1) + 1) % 10);
  // Unless verification is explicitly off.
  EXPECT_TRUE(
      orbit::ParseTle(WithColumn(kLine1, 69, '4', false), kLine2, {}, {.verify_checksum = false}));
}

TEST(TleParser, ShortLine) {
  auto set = orbit::ParseTle(kLine1, kLine2.substr(0, 60));
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().line, 2);
  EXPECT_NE(set.error().message.find("60 characters long"), std::string::npos)
      << set.error().message;
  auto empty = orbit::ParseTle("", kLine2);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().line, 1);
}

TEST(TleParser, TrailingTextAndWrongLineNumbers) {
  EXPECT_FALSE(orbit::ParseTle(kLine1 + " extra", kLine2));
  EXPECT_TRUE(orbit::ParseTle(kLine1 + "  \r", kLine2 + "\r")) << "trailing blanks are fine";
  auto swapped = orbit::ParseTle(kLine2, kLine1);
  ASSERT_FALSE(swapped);
  EXPECT_EQ(swapped.error().column, 1);
  EXPECT_NE(swapped.error().message.find("line number must be '1'"), std::string::npos);
}

TEST(TleParser, LettersInNumericColumns) {
  struct Case {
    int tle_line, column;
    const char* field;
  };
  for (const Case& c :
       {Case{2, 11, "inclination"}, Case{2, 30, "eccentricity"}, Case{2, 55, "mean motion"},
        Case{1, 25, "epoch day of year"}, Case{1, 20, "epoch year"}, Case{1, 58, "BSTAR"},
        Case{2, 46, "mean anomaly"}, Case{1, 5, "catalog number"}}) {
    const std::string line1 = c.tle_line == 1 ? WithColumn(kLine1, c.column, 'Q') : kLine1;
    const std::string line2 = c.tle_line == 2 ? WithColumn(kLine2, c.column, 'Q') : kLine2;
    auto set = orbit::ParseTle(line1, line2);
    ASSERT_FALSE(set) << c.field;
    EXPECT_EQ(set.error().line, c.tle_line) << set.error().message;
    EXPECT_EQ(set.error().column, c.column) << set.error().message;
    EXPECT_NE(set.error().message.find(c.field), std::string::npos) << set.error().message;
    EXPECT_NE(set.error().message.find("column " + std::to_string(c.column)), std::string::npos)
        << set.error().message;
  }
}

TEST(TleParser, MismatchedCatalogNumbers) {
  std::string line2 = kLine2;
  line2.replace(2, 5, "25545");
  line2[68] = static_cast<char>('0' + orbit::TleChecksum(line2));
  auto set = orbit::ParseTle(kLine1, line2);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().line, 2);
  EXPECT_EQ(set.error().column, 3);
  EXPECT_NE(set.error().message.find("25545"), std::string::npos);
  EXPECT_NE(set.error().message.find("25544"), std::string::npos);
}

TEST(TleParser, Alpha5CatalogNumbers) {
  std::string line1 = kLine1, line2 = kLine2;
  line1.replace(2, 5, "A0001");
  line2.replace(2, 5, "A0001");
  line1[68] = static_cast<char>('0' + orbit::TleChecksum(line1));
  line2[68] = static_cast<char>('0' + orbit::TleChecksum(line2));
  auto set = orbit::ParseTle(line1, line2);
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->catalog_number, 100001);
}

TEST(TleText, SeveralSetsWithAndWithoutNames) {
  const std::string text =
      "# comment\nISS (ZARYA)\n" + kLine1 + "\n" + kLine2 +
      "\n\n"
      "1 04632U 70093B   04031.91070959 -.00000084  00000-0  10000-3 0  9955\r\n"
      "2 04632  11.4628 273.1101 1450506 207.6000 143.9350  1.20231981 44145\r\n"
      "0 SOME NAME\n"
      "1 06251U 62025E   06176.82412014  .00008885  00000-0  12808-3 0  3985\n"
      "2 06251  58.0579  54.0425 0030035 139.1568 221.1854 15.56387291  6774\n";
  auto sets = orbit::ParseTleText(text);
  ASSERT_TRUE(sets) << sets.error().message;
  ASSERT_EQ(sets->size(), 3u);
  EXPECT_EQ((*sets)[0].name, "ISS (ZARYA)");
  EXPECT_EQ((*sets)[1].name, "");
  EXPECT_EQ((*sets)[2].name, "SOME NAME");
  auto chosen = orbit::SelectByCatalogNumber(*sets, 4632);
  ASSERT_TRUE(chosen);
  EXPECT_DOUBLE_EQ(chosen->inclination_deg, 11.4628);
  auto missing = orbit::SelectByCatalogNumber(*sets, 1);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("25544, 4632, 6251"), std::string::npos)
      << missing.error().message;
}

TEST(TleText, ErrorsCarryTheFileLineNumber) {
  const std::string text = "ISS (ZARYA)\n" + kLine1 + "\n" + kLine2 + "\nNEXT\n" + kLine1 + "\n" +
                           WithColumn(kLine2, 9, 'x') + "\n";
  auto sets = orbit::ParseTleText(text);
  ASSERT_FALSE(sets);
  EXPECT_EQ(sets.error().line, 6);
  EXPECT_EQ(sets.error().column, 9);
  EXPECT_NE(sets.error().message.find("line 6 (line 2 of the set), column 9"), std::string::npos)
      << sets.error().message;
}

TEST(TleText, IncompleteSets) {
  EXPECT_FALSE(orbit::ParseTleText(""));
  EXPECT_FALSE(orbit::ParseTleText("# only a comment\n"));
  auto lone_name = orbit::ParseTleText("ISS (ZARYA)\n");
  ASSERT_FALSE(lone_name);
  EXPECT_NE(lone_name.error().message.find("expected line 1"), std::string::npos);
  auto no_line2 = orbit::ParseTleText(kLine1 + "\n");
  ASSERT_FALSE(no_line2);
  EXPECT_NE(no_line2.error().message.find("expected line 2"), std::string::npos);
  auto line2_first = orbit::ParseTleText(kLine2 + "\n" + kLine1 + "\n");
  ASSERT_FALSE(line2_first);
  EXPECT_EQ(line2_first.error().line, 1);
}

TEST(TleText, MissingFileIsAnError) {
  auto sets = orbit::ReadTleFile("/nonexistent/elements.tle");
  ASSERT_FALSE(sets);
  EXPECT_NE(sets.error().message.find("/nonexistent/elements.tle"), std::string::npos);
}

}  // namespace
