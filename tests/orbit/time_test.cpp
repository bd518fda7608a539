#include "orbit/time.h"

#include <gtest/gtest.h>

namespace {

TEST(Time, ParsesAndFormatsIso8601) {
  auto time = orbit::ParseIso8601Utc("2026-09-17T06:30:00Z");
  ASSERT_TRUE(time);
  EXPECT_EQ(orbit::FormatIso8601Utc(*time), "2026-09-17T06:30:00Z");
  auto fractional = orbit::ParseIso8601Utc("2026-09-17T06:30:00.25+00:00");
  ASSERT_TRUE(fractional);
  EXPECT_EQ(orbit::FormatIso8601Utc(*fractional), "2026-09-17T06:30:00.250Z");
  EXPECT_NEAR(orbit::MinutesBetween(*time, *fractional), 0.25 / 60.0, 1e-12);
}

TEST(Time, RejectsMalformedOrImpossibleTimes) {
  for (const char* text : {"", "2026-09-17", "2026-09-17T06:30:00", "2026-09-17T06:30:00+02:00",
                           "2026-02-30T00:00:00Z", "2026-09-17T24:00:00Z", "2026-9-17T06:30:00Z",
                           "2026-09-17T06:30:00.Z", "2026-09-17 06:30:00Z"}) {
    EXPECT_FALSE(orbit::ParseIso8601Utc(text)) << text;
  }
}

TEST(Time, DayOfYearAndJ2000) {
  // 2000-01-01 12:00 UTC is day 1.5 of 2000 and J2000.0 itself.
  const orbit::TimePoint j2000 = orbit::TimeFromYearAndDayOfYear(2000, 1.5);
  EXPECT_EQ(orbit::FormatIso8601Utc(j2000), "2000-01-01T12:00:00Z");
  EXPECT_DOUBLE_EQ(orbit::DaysSinceJ2000(j2000), 0.0);
  // Leap year: day 60 of 2024 is February 29th.
  EXPECT_EQ(orbit::FormatIso8601Utc(orbit::TimeFromYearAndDayOfYear(2024, 60.0)),
            "2024-02-29T00:00:00Z");
  EXPECT_NEAR(orbit::DaysSinceJ2000(*orbit::ParseIso8601Utc("2026-09-17T00:00:00Z")),
              2461300.5 - 2451545.0, 1e-9);
}

}  // namespace
