#include "common/query.h"

#include <gtest/gtest.h>

#include "common/json_response.h"

namespace {

httplib::Request RequestWith(std::initializer_list<std::pair<std::string, std::string>> params) {
  httplib::Request req;
  for (const auto& [key, value] : params) req.params.emplace(key, value);
  return req;
}

TEST(ParseNumber, AcceptsOnlyWholeFiniteNumbers) {
  EXPECT_DOUBLE_EQ(*common::ParseNumber("51.5"), 51.5);
  EXPECT_DOUBLE_EQ(*common::ParseNumber("-0.125"), -0.125);
  EXPECT_DOUBLE_EQ(*common::ParseNumber("1e1"), 10);
  for (const char* bad : {"", "abc", "1.5x", " 1", "nan", "inf", "1,5"}) {
    EXPECT_FALSE(common::ParseNumber(bad).has_value()) << bad;
  }
}

TEST(RequireNumberInRange, NamesTheParameterInEveryError) {
  auto missing = common::RequireNumberInRange(RequestWith({}), "latitude", -90, 90);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "Missing latitude");

  auto text =
      common::RequireNumberInRange(RequestWith({{"latitude", "north"}}), "latitude", -90, 90);
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error(), "latitude must be a number, got 'north'");

  auto range =
      common::RequireNumberInRange(RequestWith({{"longitude", "181"}}), "longitude", -180, 180);
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error(), "longitude must be between -180 and 180, got 181");

  auto edge = common::RequireNumberInRange(RequestWith({{"latitude", "-90"}}), "latitude", -90, 90);
  ASSERT_TRUE(edge);
  EXPECT_DOUBLE_EQ(*edge, -90);
}

TEST(RequireText, TrimsAndBoundsByCharacters) {
  auto ok =
      common::RequireText(RequestWith({{"location", "  São Paulo \n"}}), "location", 200, "none");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, "São Paulo");

  auto blank =
      common::RequireText(RequestWith({{"location", "   "}}), "location", 200, "No location given");
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error(), "No location given");

  // 200 two-byte characters are fine; 201 are not.
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "é";
  EXPECT_TRUE(common::RequireText(RequestWith({{"location", accents}}), "location", 200, "-"));
  auto too_long =
      common::RequireText(RequestWith({{"location", accents + "e"}}), "location", 200, "-");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error(), "location is too long: 201 characters, at most 200");

  EXPECT_FALSE(common::RequireText(RequestWith({{"location", "a\x01b"}}), "location", 200, "-"));
  EXPECT_FALSE(common::RequireText(RequestWith({{"location", "\xC3("}}), "location", 200, "-"));
}

TEST(Utf8Length, CountsCodePointsAndRejectsBrokenText) {
  EXPECT_EQ(common::Utf8Length("abc"), 3);
  EXPECT_EQ(common::Utf8Length("São"), 3);
  EXPECT_EQ(common::Utf8Length("\xF0\x9F\x9A\x80"), 1);  // rocket emoji
  EXPECT_EQ(common::Utf8Length("\xE2\x82"), -1);
  EXPECT_EQ(common::Utf8Length("\xF4\x8F\xBF\xBF"), 1);  // U+10FFFF, the last code point
  EXPECT_EQ(common::Utf8Length("\xED\x9F\xBF"), 1);      // U+D7FF, just below the surrogates
}

// Issue #19: these were counted as text and reached the telemetry as invalid UTF-8.
TEST(Utf8Length, RejectsOverlongFormsSurrogatesAndOutOfRange) {
  EXPECT_EQ(common::Utf8Length("\xC0\xAE"), -1);          // overlong '.'
  EXPECT_EQ(common::Utf8Length("\xC1\xBF"), -1);          // overlong
  EXPECT_EQ(common::Utf8Length("\xE0\x80\xAE"), -1);      // overlong, 3 bytes
  EXPECT_EQ(common::Utf8Length("\xF0\x80\x80\xAE"), -1);  // overlong, 4 bytes
  EXPECT_EQ(common::Utf8Length("\xED\xA0\x80"), -1);      // U+D800, a surrogate
  EXPECT_EQ(common::Utf8Length("\xF4\x90\x80\x80"), -1);  // above U+10FFFF
  EXPECT_EQ(common::Utf8Length("\xF5\x80\x80\x80"), -1);
  EXPECT_EQ(common::Utf8Length("\x80"), -1);
}

TEST(JsonResponse, ErrorsAreJsonObjects) {
  httplib::Response res;
  common::SendError(res, 404, "No coordinates found for location 'X'");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.body, R"({"error":"No coordinates found for location 'X'"})");
  EXPECT_EQ(res.get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(common::ErrorText(res.body), "No coordinates found for location 'X'");
  EXPECT_EQ(common::ErrorText("  plain text\n"), "plain text");
}

}  // namespace
