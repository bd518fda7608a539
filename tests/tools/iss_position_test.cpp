// iss-position end to end: its JSON must agree with the orbit library, and bad input
// must give the documented exit statuses.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "orbit/satellite_tracker.h"
#include "process.h"

namespace {

using nlohmann::json;

struct ToolRun {
  int status;
  std::string output;  // stdout and stderr together
};

ToolRun RunTool(const std::vector<std::string>& args) {
  testsupport::ChildProcess child(testsupport::BinaryPath("iss-position"), args);
  auto status = child.Wait(std::chrono::seconds(30));
  return {status.value_or(-1), child.Output()};
}

json RunJson(const std::vector<std::string>& args) {
  ToolRun run = RunTool(args);
  EXPECT_EQ(run.status, 0) << run.output;
  return json::parse(run.output);
}

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/iss-position-test-" + name;
  std::ofstream(path) << text;
  return path;
}

const char* const kIssLine1 =
    "1 25544U 98067A   26259.85263506  .00007068  00000+0  13566-3 0  9993";
const char* const kIssLine2 =
    "2 25544  51.6307 206.4210 0004838 147.2470 212.8820 15.49143506585961";
// From Vallado's verification set: a near-earth set that decays within an hour, and a
// deep-space (Molniya) set.
const char* const kDecaying =
    "1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534\n"
    "2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708\n";
const char* const kMolniya =
    "1 08195U 75081A   06176.33215444  .00000099  00000-0  11873-3 0   813\n"
    "2 08195  64.1586 279.0717 6877146 264.7651  20.2257  2.00491383225656\n";

TEST(IssPosition, PositionMatchesTheLibrary) {
  json out = RunJson({"--at", "2026-09-17T06:30:00Z"});
  auto tracker = orbit::SatelliteTracker::BundledIss();
  const orbit::TimePoint time = *orbit::ParseIso8601Utc("2026-09-17T06:30:00Z");
  auto position = tracker.PositionAt(time);
  ASSERT_TRUE(position);
  EXPECT_EQ(out["time"], "2026-09-17T06:30:00Z");
  EXPECT_DOUBLE_EQ(out["latitude"].get<double>(), position->ground.latitude_deg);
  EXPECT_DOUBLE_EQ(out["longitude"].get<double>(), position->ground.longitude_deg);
  EXPECT_DOUBLE_EQ(out["altitude_km"].get<double>(), position->ground.altitude_km);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_DOUBLE_EQ(out["teme_position_km"][i].get<double>(), position->teme_position_km[i]);
    EXPECT_DOUBLE_EQ(out["teme_velocity_km_s"][i].get<double>(), position->teme_velocity_km_s[i]);
  }
  EXPECT_EQ(out["tle_epoch"], "2026-09-16T20:27:47.669Z");
  EXPECT_NEAR(out["tle_age_days"].get<double>(), tracker.AgeDays(time), 1e-12);
  EXPECT_GT(out["altitude_km"].get<double>(), 380.0);
  EXPECT_LT(out["altitude_km"].get<double>(), 450.0);
  EXPECT_FALSE(out.contains("elevation_deg")) << "no observer, no look angles";
}

TEST(IssPosition, ObserverGetsLookAnglesAndNextPass) {
  json out = RunJson({"--at", "2026-09-17T06:30:00Z", "--observer", "48.8566,2.3522"});
  auto tracker = orbit::SatelliteTracker::BundledIss();
  const orbit::TimePoint time = *orbit::ParseIso8601Utc("2026-09-17T06:30:00Z");
  const orbit::Observer paris{48.8566, 2.3522, 0.0};
  auto look = tracker.LookFrom(paris, time);
  ASSERT_TRUE(look);
  EXPECT_DOUBLE_EQ(out["range_km"].get<double>(), look->range_km);
  EXPECT_DOUBLE_EQ(out["elevation_deg"].get<double>(), look->elevation_deg);
  EXPECT_DOUBLE_EQ(out["azimuth_deg"].get<double>(), look->azimuth_deg);
  EXPECT_EQ(out["visible"].get<bool>(), look->elevation_deg > 0);

  auto pass = tracker.NextPass(paris, time);
  ASSERT_TRUE(pass);
  ASSERT_TRUE(pass->has_value()) << "the ISS passes over Paris every day";
  ASSERT_TRUE(out["next_pass"].is_object()) << out.dump();
  EXPECT_EQ(out["next_pass"]["rise_time"], orbit::FormatIso8601Utc((*pass)->rise_time));
  EXPECT_EQ(out["next_pass"]["max_elevation_time"],
            orbit::FormatIso8601Utc((*pass)->max_elevation_time));
  EXPECT_DOUBLE_EQ(out["next_pass"]["max_elevation_deg"].get<double>(), (*pass)->max_elevation_deg);
  EXPECT_GE(out["next_pass"]["max_elevation_deg"].get<double>(), 10.0);
  const auto rise = *orbit::ParseIso8601Utc(out["next_pass"]["rise_time"].get<std::string>());
  EXPECT_GT(rise, time);
  EXPECT_LT(rise, time + std::chrono::hours(24));
}

TEST(IssPosition, EpochRelativeTimes) {
  json later = RunJson({"--at", "epoch+90"});
  EXPECT_NEAR(later["tle_age_days"].get<double>(), 90.0 / 1440.0, 1e-9);
  json earlier = RunJson({"--at", "epoch-30.5"});
  EXPECT_NEAR(earlier["tle_age_days"].get<double>(), -30.5 / 1440.0, 1e-9);
  json at_epoch = RunJson({"--at", "epoch+0"});
  EXPECT_EQ(at_epoch["time"], at_epoch["tle_epoch"]);
}

TEST(IssPosition, DefaultsToNow) {
  json out = RunJson({});
  const auto time = orbit::ParseIso8601Utc(out["time"].get<std::string>());
  ASSERT_TRUE(time);
  EXPECT_LT(std::chrono::abs(*time - std::chrono::system_clock::now()), std::chrono::minutes(1));
}

TEST(IssPosition, ChoosesACatalogNumberInAMultiSetFile) {
  const std::string path = WriteFile(
      "multi.tle", std::string(kMolniya) + "ISS (ZARYA)\n" + kIssLine1 + "\n" + kIssLine2 + "\n");
  json out = RunJson({"--tle", path, "--catalog", "25544", "--at", "epoch+10"});
  EXPECT_EQ(out["catalog_number"], 25544);
  EXPECT_EQ(out["name"], "ISS (ZARYA)");

  ToolRun missing = RunTool({"--tle", path, "--catalog", "99999"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.output.find("99999"), std::string::npos) << missing.output;
}

TEST(IssPosition, BadArgumentsExitTwoWithUsage) {
  const std::vector<std::vector<std::string>> bad = {
      {"--bogus"},           {"--at"},
      {"--at", "yesterday"}, {"--at", "2026-13-01T00:00:00Z"},
      {"--at", "epoch+ten"}, {"--observer", "95,0"},
      {"--observer", "10"},  {"--observer", "ten,20"},
      {"--catalog", "x1"},   {"--tle", "/nonexistent/iss.tle"},
  };
  for (const auto& args : bad) {
    ToolRun run = RunTool(args);
    EXPECT_EQ(run.status, 2) << args[0] << ": " << run.output;
    EXPECT_NE(run.output.find("usage: iss-position"), std::string::npos) << run.output;
    EXPECT_EQ(run.output.find('{'), std::string::npos) << "no JSON on failure";
  }
}

TEST(IssPosition, BrokenTleFileSaysWhereExitTwo) {
  std::string line2 = kIssLine2;
  line2[10] = 'X';  // inside the inclination
  const std::string path = WriteFile("broken.tle", std::string(kIssLine1) + "\n" + line2 + "\n");
  ToolRun run = RunTool({"--tle", path});
  EXPECT_EQ(run.status, 2);
  EXPECT_NE(run.output.find("line 2"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("column 11"), std::string::npos) << run.output;
}

TEST(IssPosition, ModelErrorsExitOne) {
  ToolRun decayed = RunTool({"--tle", WriteFile("decaying.tle", kDecaying), "--at", "epoch+60"});
  EXPECT_EQ(decayed.status, 1) << decayed.output;
  EXPECT_NE(decayed.output.find("decayed"), std::string::npos) << decayed.output;
  EXPECT_EQ(decayed.output.find("usage"), std::string::npos);

  ToolRun deep = RunTool({"--tle", WriteFile("molniya.tle", kMolniya), "--at", "epoch+0"});
  EXPECT_EQ(deep.status, 1) << deep.output;
  EXPECT_NE(deep.output.find("deep-space"), std::string::npos) << deep.output;
}

TEST(IssPosition, HelpGoesToStdoutExitZero) {
  ToolRun run = RunTool({"--help"});
  EXPECT_EQ(run.status, 0);
  EXPECT_NE(run.output.find("usage: iss-position"), std::string::npos);
}

}  // namespace
