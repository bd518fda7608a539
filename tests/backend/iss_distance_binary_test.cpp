// The real iss-distance-service with default settings answers from SGP4 (the
// bundled elements), without asking any ISS API.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service_stack.h"

namespace integration {
namespace {

TEST(TleSource, DefaultSettingsAnswerFromSgpFourWithoutTheNetwork) {
  FakeIssApi iss;  // must never be called: the default source is tle
  RunningBinary service("iss-distance-service",
                        {{"ISS_SOURCE", "tle"}, {"OTEL_SDK_DISABLED", "true"}});
  RunningBinary by_default("iss-distance-service", {{"OTEL_SDK_DISABLED", "true"}});
  for (RunningBinary* binary : {&service, &by_default}) {
    ASSERT_TRUE(binary->ready()) << binary->process().Output();
    auto res = binary->Client().Get("/?latitude=51.5&longitude=-0.12");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    nlohmann::json answer = nlohmann::json::parse(res->body);
    EXPECT_EQ(answer["source"], "tle");
    EXPECT_EQ(answer["tle_epoch"], "2026-09-16T20:27:47.669Z");
    EXPECT_TRUE(answer["tle_age_days"].is_number());
    EXPECT_TRUE(answer["distance"].is_number());
    EXPECT_TRUE(answer["location"]["latitude"].is_number());
    EXPECT_GT(answer["altitude_km"].get<double>(), 300);
    EXPECT_TRUE(answer["elevation_deg"].is_number());
    EXPECT_EQ(answer["visible"].get<bool>(), answer["elevation_deg"].get<double>() > 0);
  }
  EXPECT_EQ(iss.calls, 0);
}

TEST(TleSource, BadIssTleFileStopsTheServiceWithOneLine) {
  testsupport::ChildProcess::Options options;
  options.env = {{"ISS_TLE_FILE", "/nonexistent/iss.tle"},
                 {"OTEL_SDK_DISABLED", "true"},
                 {"PORT", std::to_string(testsupport::FreePort())}};
  options.unset_env = {"ISS_SOURCE"};
  testsupport::ChildProcess process(testsupport::BinaryPath("iss-distance-service"), {}, options);
  std::optional<int> status = process.Wait(10s);
  ASSERT_TRUE(status);
  EXPECT_NE(*status, 0);
  EXPECT_NE(process.Output().find("ISS_TLE_FILE: cannot read /nonexistent/iss.tle"),
            std::string::npos)
      << process.Output();
}

}  // namespace
}  // namespace integration
