// UTC instants: ISO-8601 text, Julian dates and TLE epochs.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace orbit {

// UTC instants throughout the library (leap seconds ignored, UT1 taken as UTC:
// the ~0.5 s difference moves the ground point by at most ~250 m at the equator).
using TimePoint = std::chrono::system_clock::time_point;

// Parses "2026-09-17T06:30:00Z" (optionally with fractional seconds, and "Z" or
// "+00:00"/"+0000" as the zone). Anything else, or an impossible date, gives nullopt.
std::optional<TimePoint> ParseIso8601Utc(std::string_view text);

// "2026-09-17T06:30:00Z", or with milliseconds "2026-09-17T06:30:00.123Z" when the
// instant is not a whole second.
std::string FormatIso8601Utc(TimePoint time);

// The instant of a TLE epoch: four-digit year and fractional day of year (1.0 is
// January 1st, 00:00 UTC).
TimePoint TimeFromYearAndDayOfYear(int year, double day_of_year);

// Days since J2000.0 (2000-01-01 12:00 UTC), i.e. Julian date minus 2451545.0,
// computed without losing the sub-millisecond part.
double DaysSinceJ2000(TimePoint time);

// Signed minutes and days from one instant to another.
double MinutesBetween(TimePoint from, TimePoint to);
double DaysBetween(TimePoint from, TimePoint to);

// `time` moved by a (fractional, possibly negative) number of minutes.
TimePoint AddMinutes(TimePoint time, double minutes);

}  // namespace orbit
