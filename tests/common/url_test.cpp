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

TEST(SplitUrl, RefusesABadPortOrHost) {
  for (const char* bad : {"http://geolocator:99x", "http://h:0/", "http://h:65536",
                          "http://h:", "http://h:-1", "http://h:+80", "http://h:8080:90/",
                          "http://[::1/", "http://[::1]:x", "http://[]:80", "https://h:1e3?x=1"}) {
    EXPECT_FALSE(common::SplitUrl(bad)) << bad;
  }
  for (const char* good : {"http://h:1", "http://h:65535/x", "http://[::1]:8080/x", "https://[::1]",
                           "http://h?x=a:b", "http://h/p:q"}) {
    EXPECT_TRUE(common::SplitUrl(good)) << good;
  }
}

TEST(SplitAuthority, GivesHostAndPort) {
  auto where = common::SplitAuthority("iss-api:8080", 80);
  ASSERT_TRUE(where);
  EXPECT_EQ(where->host, "iss-api");
  EXPECT_EQ(where->port, 8080);
  where = common::SplitAuthority("[::1]", 443);
  ASSERT_TRUE(where);
  EXPECT_EQ(where->host, "[::1]");
  EXPECT_EQ(where->port, 443);
  where = common::SplitAuthority("[::1]:9", 80);
  ASSERT_TRUE(where);
  EXPECT_EQ(where->host, "[::1]");
  EXPECT_EQ(where->port, 9);
  EXPECT_FALSE(common::SplitAuthority("h:99x", 80));
}

TEST(Query, PercentEncodesEverythingButUnreserved) {
  EXPECT_EQ(common::PercentEncode("São Paulo, BR&x=1"), "S%C3%A3o%20Paulo%2C%20BR%26x%3D1");
  EXPECT_EQ(common::EncodeQuery({{"latitude", "-1.5"}, {"longitude", "2"}}),
            "latitude=-1.5&longitude=2");
  EXPECT_EQ(common::JoinPath("/", "search"), "/search");
  EXPECT_EQ(common::JoinPath("/nominatim/", "/search"), "/nominatim/search");
}

}  // namespace
