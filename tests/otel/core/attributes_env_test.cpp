#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "otel/common/attribute_value.h"
#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "scoped_env.h"

namespace {

using testsupport::ScopedEnv;

struct CapturedLog {
  std::vector<std::string> messages;
  CapturedLog() {
    otel::internal::set_log_handler(
        [this](otel::internal::LogLevel, std::string_view m) { messages.emplace_back(m); });
  }
  ~CapturedLog() { otel::internal::set_log_handler(nullptr); }
};

}  // namespace

TEST(AttributeValue, HoldsEveryOtlpType) {
  using T = otel::AttributeValue::Type;
  EXPECT_EQ(otel::AttributeValue().type(), T::kEmpty);
  EXPECT_EQ(otel::AttributeValue(true).type(), T::kBool);
  EXPECT_EQ(otel::AttributeValue(42).type(), T::kInt);
  EXPECT_EQ(otel::AttributeValue(42u).type(), T::kInt);
  EXPECT_EQ(otel::AttributeValue(1.5).type(), T::kDouble);
  EXPECT_EQ(otel::AttributeValue("text").type(), T::kString);
  EXPECT_EQ(otel::AttributeValue(std::string_view("sv")).type(), T::kString);
  EXPECT_EQ(otel::AttributeValue(otel::Bytes{1, 2}).type(), T::kBytes);
  EXPECT_EQ(otel::AttributeValue(std::vector<std::string>{"a", "b"}).type(), T::kArray);
  EXPECT_EQ(otel::AttributeValue(otel::KeyValueList{{"k", 1}}).type(), T::kKvList);
  EXPECT_EQ(*otel::AttributeValue(int64_t{-7}).as_int(), -7);
  EXPECT_EQ(otel::AttributeValue("x").as_int(), nullptr);
}

TEST(AttributeValue, ReadableStrings) {
  EXPECT_EQ(otel::AttributeValue("plain").to_string(), "plain");
  EXPECT_EQ(otel::AttributeValue(std::vector<int64_t>{1, 2}).to_string(), "[1, 2]");
  EXPECT_EQ(otel::AttributeValue(otel::KeyValueList{{"k", "v"}}).to_string(), "{k: \"v\"}");
  EXPECT_EQ(otel::AttributeValue(otel::Bytes{0xab, 0x01}).to_string(), "0xab01");
}

TEST(Attributes, SetReplacesAndRejectsEmptyKeys) {
  otel::Attributes attrs;
  EXPECT_TRUE(otel::set_attribute(attrs, "a", 1));
  EXPECT_TRUE(otel::set_attribute(attrs, "b", 2));
  EXPECT_TRUE(otel::set_attribute(attrs, "a", "one"));
  EXPECT_FALSE(otel::set_attribute(attrs, "", 3));
  ASSERT_EQ(attrs.size(), 2u);
  EXPECT_EQ(attrs[0].key, "a");
  EXPECT_EQ(*otel::find_attribute(attrs, "a")->as_string(), "one");
  EXPECT_EQ(otel::find_attribute(attrs, "zzz"), nullptr);
}

TEST(Attributes, TruncationKeepsUtf8Whole) {
  otel::AttributeValue v("h\xc3\xa9llo");  // "héllo": é is two bytes
  otel::truncate_value(v, 2);
  EXPECT_EQ(*v.as_string(), "h");
  otel::AttributeValue arr(std::vector<std::string>{"abcdef", "xy"});
  otel::truncate_value(arr, 3);
  EXPECT_EQ(arr.to_string(), "[\"abc\", \"xy\"]");
}

TEST(Env, EmptyMeansUnsetAndValuesAreTrimmed) {
  ScopedEnv a("OTEL_TEST_STRING", "   ");
  EXPECT_FALSE(otel::env::get_string("OTEL_TEST_STRING"));
  ScopedEnv b("OTEL_TEST_STRING2", "  value ");
  EXPECT_EQ(*otel::env::get_string("OTEL_TEST_STRING2"), "value");
}

TEST(Env, BoolsOnlyAcceptTrueAndFalse) {
  CapturedLog log;
  ScopedEnv a("OTEL_TEST_BOOL", "TRUE");
  EXPECT_TRUE(otel::env::get_bool("OTEL_TEST_BOOL"));
  ScopedEnv b("OTEL_TEST_BOOL", "yes");
  EXPECT_FALSE(otel::env::get_bool("OTEL_TEST_BOOL", false));
  EXPECT_TRUE(otel::env::get_bool("OTEL_TEST_BOOL", true));
  EXPECT_FALSE(log.messages.empty());
}

TEST(Env, IntegersAndDurationsRejectGarbage) {
  CapturedLog log;
  ScopedEnv a("OTEL_TEST_INT", "1500");
  EXPECT_EQ(otel::env::get_duration_ms("OTEL_TEST_INT")->count(), 1500);
  ScopedEnv b("OTEL_TEST_INT", "15s");
  EXPECT_FALSE(otel::env::get_int("OTEL_TEST_INT"));
  ScopedEnv c("OTEL_TEST_INT", "-5");
  EXPECT_FALSE(otel::env::get_duration_ms("OTEL_TEST_INT"));
  ScopedEnv d("OTEL_TEST_INT", "0.25");
  EXPECT_DOUBLE_EQ(*otel::env::get_double("OTEL_TEST_INT"), 0.25);
  EXPECT_GE(log.messages.size(), 2u);
}

TEST(Env, ListsAreTrimmedAndSkipEmptyItems) {
  ScopedEnv a("OTEL_TEST_LIST", " tracecontext , ,baggage,");
  EXPECT_EQ(otel::env::get_list("OTEL_TEST_LIST"),
            (std::vector<std::string>{"tracecontext", "baggage"}));
}

TEST(Env, KeyValueListsPercentDecodeAndSkipBadEntries) {
  CapturedLog log;
  auto kv = otel::env::parse_key_value_list(
      "api-key=secret%20value, bad-entry ,=novalue,x=%zz,  y = 2 ,z=a=b", "TEST");
  ASSERT_EQ(kv.size(), 3u);
  EXPECT_EQ(kv[0], (std::pair<std::string, std::string>{"api-key", "secret value"}));
  EXPECT_EQ(kv[1], (std::pair<std::string, std::string>{"y", "2"}));
  EXPECT_EQ(kv[2], (std::pair<std::string, std::string>{"z", "a=b"}));
  EXPECT_EQ(log.messages.size(), 3u);
}

TEST(Env, PercentCoding) {
  EXPECT_EQ(*otel::env::percent_decode("a%2Cb%3d"), "a,b=");
  EXPECT_FALSE(otel::env::percent_decode("trailing%"));
  EXPECT_FALSE(otel::env::percent_decode("short%4"));
  EXPECT_EQ(otel::env::percent_encode("a b,c;d%"), "a%20b%2Cc%3Bd%25");
  EXPECT_EQ(*otel::env::percent_decode(otel::env::percent_encode("ünï,code")), "ünï,code");
}
