#include "nominatim.h"

#include <gtest/gtest.h>

namespace {

TEST(ParseNominatimAnswer, TakesTheFirstResult) {
  auto parsed = geo::ParseNominatimAnswer(
      R"([{"lat":"51.5073219","lon":"-0.1276474","display_name":"London, Greater London, England"}])");
  ASSERT_TRUE(parsed) << parsed.error();
  ASSERT_TRUE(parsed.value().has_value());
  EXPECT_DOUBLE_EQ(parsed.value()->latitude, 51.5073219);
  EXPECT_DOUBLE_EQ(parsed.value()->longitude, -0.1276474);
  EXPECT_EQ(parsed.value()->place, "London, Greater London, England");
}

TEST(ParseNominatimAnswer, EmptyArrayMeansNotFound) {
  auto parsed = geo::ParseNominatimAnswer("[]");
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed.value().has_value());
}

TEST(ParseNominatimAnswer, RejectsBrokenAnswers) {
  for (const char* bad : {"", "{}", "not json", R"([{"lat":"x","lon":"1"}])",
                          R"([{"lat":"91","lon":"1"}])", R"([{"lon":"1"}])", "[1]"}) {
    EXPECT_FALSE(geo::ParseNominatimAnswer(bad)) << bad;
  }
}

}  // namespace
