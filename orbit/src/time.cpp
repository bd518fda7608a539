#include "orbit/time.h"

#include <cmath>
#include <cstdio>

namespace orbit {
namespace {

using std::chrono::duration;
using std::chrono::duration_cast;

// Reads exactly `count` decimal digits starting at `pos`; advances `pos`.
std::optional<int> ReadDigits(std::string_view text, size_t& pos, size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool Expect(std::string_view text, size_t& pos, char wanted) {
  if (pos >= text.size() || text[pos] != wanted) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<TimePoint> ParseIso8601Utc(std::string_view text) {
  size_t pos = 0;
  auto year = ReadDigits(text, pos, 4);
  if (!year || !Expect(text, pos, '-')) return std::nullopt;
  auto month = ReadDigits(text, pos, 2);
  if (!month || !Expect(text, pos, '-')) return std::nullopt;
  auto day = ReadDigits(text, pos, 2);
  if (!day) return std::nullopt;
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) return std::nullopt;
  ++pos;
  auto hour = ReadDigits(text, pos, 2);
  if (!hour || !Expect(text, pos, ':')) return std::nullopt;
  auto minute = ReadDigits(text, pos, 2);
  if (!minute || !Expect(text, pos, ':')) return std::nullopt;
  auto second = ReadDigits(text, pos, 2);
  if (!second) return std::nullopt;

  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    long long scale = 100000000;  // the first fractional digit is 1e8 ns
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += std::chrono::nanoseconds((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
  }
  std::string_view zone = text.substr(pos);
  if (zone != "Z" && zone != "z" && zone != "+00:00" && zone != "+0000") return std::nullopt;

  std::chrono::year_month_day date{std::chrono::year{*year},
                                   std::chrono::month{static_cast<unsigned>(*month)},
                                   std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  return TimePoint{std::chrono::sys_days{date}} + std::chrono::hours{*hour} +
         std::chrono::minutes{*minute} + std::chrono::seconds{*second} + fraction;
}

std::string FormatIso8601Utc(TimePoint time) {
  auto millis = std::chrono::round<std::chrono::milliseconds>(time);
  auto day = std::chrono::floor<std::chrono::days>(millis);
  std::chrono::year_month_day date{day};
  std::chrono::hh_mm_ss clock{millis - day};
  char text[40];
  int ms = static_cast<int>(clock.subseconds().count());
  int written = std::snprintf(
      text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<int>(clock.seconds().count()));
  std::string result(text, static_cast<size_t>(written));
  if (ms != 0) {
    std::snprintf(text, sizeof text, ".%03d", ms);
    result += text;
  }
  return result + "Z";
}

TimePoint TimeFromYearAndDayOfYear(int year, double day_of_year) {
  TimePoint new_year{std::chrono::sys_days{std::chrono::year{year} / 1 / 1}};
  // Whole days and the day fraction separately, so the nanoseconds stay exact.
  double whole_days = std::floor(day_of_year);
  double fraction = day_of_year - whole_days;
  auto offset = std::chrono::days{static_cast<long>(whole_days) - 1} +
                std::chrono::nanoseconds{std::llround(fraction * 86400.0e9)};
  return new_year + duration_cast<TimePoint::duration>(offset);
}

double DaysSinceJ2000(TimePoint time) {
  const TimePoint j2000 =
      TimePoint{std::chrono::sys_days{std::chrono::year{2000} / 1 / 1}} + std::chrono::hours{12};
  return duration<double, std::ratio<86400>>(time - j2000).count();
}

double MinutesBetween(TimePoint from, TimePoint to) {
  return duration<double, std::ratio<60>>(to - from).count();
}

double DaysBetween(TimePoint from, TimePoint to) {
  return duration<double, std::ratio<86400>>(to - from).count();
}

TimePoint AddMinutes(TimePoint time, double minutes) {
  return time + std::chrono::nanoseconds{std::llround(minutes * 60.0e9)};
}

}  // namespace orbit
