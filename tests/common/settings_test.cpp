#include "common/settings.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace {

class SettingsTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const char* name : {"SVC_TEST_A", "PORT", "HOST", "SVC_TEST_URL", "SVC_TEST_SECONDS"}) {
      unsetenv(name);
    }
  }
};

TEST_F(SettingsTest, RequiredSettingNamesTheMissingVariable) {
  unsetenv("SVC_TEST_A");
  try {
    common::RequiredSetting("SVC_TEST_A");
    FAIL() << "no error";
  } catch (const common::StartupError& error) {
    EXPECT_EQ(std::string(error.what()), "missing required setting SVC_TEST_A");
  }
  setenv("SVC_TEST_A", "", 1);
  EXPECT_THROW(common::RequiredSetting("SVC_TEST_A"), common::StartupError);
  setenv("SVC_TEST_A", "value", 1);
  EXPECT_EQ(common::RequiredSetting("SVC_TEST_A"), "value");
}

TEST_F(SettingsTest, HostAndPortDefaultsAndValidation) {
  EXPECT_EQ(common::HostSetting(), "127.0.0.1");
  EXPECT_EQ(common::PortSetting(), 5000);
  setenv("PORT", "6123", 1);
  EXPECT_EQ(common::PortSetting(), 6123);
  for (const char* bad : {"0", "65536", "80x", "-1", "http"}) {
    setenv("PORT", bad, 1);
    EXPECT_THROW(common::PortSetting(), common::StartupError) << bad;
  }
}

TEST_F(SettingsTest, UrlSettingsMustBeHttp) {
  setenv("SVC_TEST_URL", "ftp://example", 1);
  EXPECT_THROW(common::RequiredUrlSetting("SVC_TEST_URL"), common::StartupError);
  setenv("SVC_TEST_URL", "localhost:5000", 1);
  EXPECT_THROW(common::RequiredUrlSetting("SVC_TEST_URL"), common::StartupError);
  setenv("SVC_TEST_URL", "http://geolocator:99x", 1);  // once: a 502 on every call
  EXPECT_THROW(common::RequiredUrlSetting("SVC_TEST_URL"), common::StartupError);
  setenv("SVC_TEST_URL", "http://127.0.0.1:5001", 1);
  EXPECT_EQ(common::RequiredUrlSetting("SVC_TEST_URL"), "http://127.0.0.1:5001");
  unsetenv("SVC_TEST_URL");
  EXPECT_EQ(common::UrlSetting("SVC_TEST_URL", "https://x.org"), "https://x.org");
}

TEST_F(SettingsTest, SecondsAndChoices) {
  EXPECT_DOUBLE_EQ(common::SecondsSetting("SVC_TEST_SECONDS", 5), 5);
  setenv("SVC_TEST_SECONDS", "0.25", 1);
  EXPECT_DOUBLE_EQ(common::SecondsSetting("SVC_TEST_SECONDS", 5), 0.25);
  for (const char* bad : {"0", "-1", "abc", "nan", "1s"}) {
    setenv("SVC_TEST_SECONDS", bad, 1);
    EXPECT_THROW(common::SecondsSetting("SVC_TEST_SECONDS", 5), common::StartupError) << bad;
  }
  EXPECT_EQ(common::ChoiceSetting("SVC_TEST_A", "live", {"live", "tle"}), "live");
  setenv("SVC_TEST_A", "tle", 1);
  EXPECT_EQ(common::ChoiceSetting("SVC_TEST_A", "live", {"live", "tle"}), "tle");
  setenv("SVC_TEST_A", "moon", 1);
  try {
    common::ChoiceSetting("SVC_TEST_A", "live", {"live", "tle"});
    FAIL() << "no error";
  } catch (const common::StartupError& error) {
    EXPECT_EQ(std::string(error.what()), "SVC_TEST_A must be one of: live, tle (got 'moon')");
  }
}

TEST_F(SettingsTest, RunMainTurnsStartupErrorsIntoExitStatus2) {
  EXPECT_EQ(common::RunMain("svc", [] { return 0; }), 0);
  testing::internal::CaptureStderr();
  int status = common::RunMain("svc", []() -> int { throw common::StartupError("boom"); });
  std::string printed = testing::internal::GetCapturedStderr();
  EXPECT_EQ(status, 2);
  EXPECT_EQ(printed, "svc: error: boom\n");
}

}  // namespace
