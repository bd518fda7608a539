#include "common/url.h"

#include <gtest/gtest.h>

namespace {

TEST(SplitUrl, SeparatesOriginAndPath) {
  auto parts = common::SplitUrl("http://127.0.0.1:5001");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->origin, "http://127.0.0.1:5001");
  EXPECT_EQ(parts->path, "/");

  parts = common::SplitUrl("http://api.open-notify.org/iss-now.json");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->origin, "http://api.open-notify.org");
  EXPECT_EQ(parts->path, "/iss-now.json");

  parts = common::SplitUrl("https://host?x=1");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->path, "/?x=1");

  for (const char* bad :
       {"", "localhost:5000", "ftp://x", "http://", "http://:80/", "http://a b/"}) {
    EXPECT_FALSE(common::SplitUrl(bad)) << bad;
  }
}

TEST(Query, PercentEncodesEverythingButUnreserved) {
  EXPECT_EQ(common::PercentEncode("São Paulo, BR&x=1"), "S%C3%A3o%20Paulo%2C%20BR%26x%3D1");
  EXPECT_EQ(common::EncodeQuery({{"latitude", "-1.5"}, {"longitude", "2"}}),
            "latitude=-1.5&longitude=2");
  EXPECT_EQ(common::JoinPath("/", "search"), "/search");
  EXPECT_EQ(common::JoinPath("/nominatim/", "/search"), "/nominatim/search");
}

}  // namespace
