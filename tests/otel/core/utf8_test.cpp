// Issue #19: the SDK never exports invalid UTF-8 (one bad string made a receiver
// reject a whole batch of other requests' spans and logs).
#include "otel/common/utf8.h"

#include <gtest/gtest.h>

#include <string>

#include "otel/common/attribute_value.h"

namespace {

std::string Valid(std::string text) {
  otel::make_valid_utf8(text);
  return text;
}

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8, ValidTextIsKept) {
  for (const std::string text :
       {"", "plain ascii that is longer than eight bytes", "S\xC3\xA3o Paulo", "\xE2\x82\xAC",
        "\xED\x9F\xBF", "\xEE\x80\x80", "\xF0\x9F\x9A\x80", "\xF4\x8F\xBF\xBF"}) {
    EXPECT_EQ(Valid(text), text);
    EXPECT_TRUE(otel::is_valid_utf8(text));
  }
}

TEST(Utf8, IllFormedSequencesBecomeReplacementCharacters) {
  EXPECT_EQ(Valid("\xC0\xAE"), kFffd + kFffd);  // overlong: C0 never starts one
  EXPECT_EQ(Valid("a\xED\xA0\x80z"), "a" + kFffd + kFffd + kFffd + "z");  // surrogate
  EXPECT_EQ(Valid("\xE0\x80\xAE"), kFffd + kFffd + kFffd);                // overlong 3-byte form
  EXPECT_EQ(Valid("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);    // > U+10FFFF
  EXPECT_EQ(Valid("\xE2\x82"), kFffd);  // cut off: one maximal subpart
  EXPECT_EQ(Valid("\xE2\x82x"), kFffd + "x");
  EXPECT_EQ(Valid("12345678\x80"), "12345678" + kFffd);  // after the ASCII fast path
  EXPECT_EQ(Valid("\xFF\xC3\xA3"), kFffd + "\xC3\xA3");
  for (const std::string bad : {"\xC0\xAE", "\xED\xA0\x80", "\xF5\x80\x80\x80", "\x80", "\xC3"}) {
    EXPECT_FALSE(otel::is_valid_utf8(bad)) << bad;
    EXPECT_TRUE(otel::is_valid_utf8(Valid(bad))) << bad;
  }
}

TEST(Utf8, AttributeValuesAndArraysAreMadeValid) {
  EXPECT_EQ(*otel::AttributeValue(std::string("%C0%AE=\xC0\xAE")).as_string(),
            "%C0%AE=" + kFffd + kFffd);
  EXPECT_EQ(*otel::AttributeValue(std::string_view("\xED\xA0\x80")).as_string(),
            kFffd + kFffd + kFffd);
  EXPECT_EQ(*otel::AttributeValue("\x80").as_string(), kFffd);
  const otel::AttributeValue array(std::vector<std::string>{"ok", "\xC3"});
  EXPECT_EQ(*array.as_array()->at(1).as_string(), kFffd);
}

}  // namespace
