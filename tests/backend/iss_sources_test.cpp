// ISS position sources: SGP4 from TLE (tle), the factory (ISS_SOURCE and friends),
// live-with-fallback (auto) and ISS_TLE_URL refresh, against fakes on loopback.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "../integration/local_http_server.h"
#include "auto_iss_source.h"
#include "common/settings.h"
#include "distance_request.h"
#include "position_source_factory.h"
#include "tle_iss_source.h"
#include "tle_refresher.h"

namespace {

using namespace std::chrono_literals;

// Sets environment variables for one test and restores them afterwards.
class ScopedEnv {
 public:
  ScopedEnv(std::initializer_list<std::pair<const char*, const char*>> values) {
    for (const char* name : {"ISS_SOURCE", "ISS_TLE_FILE", "ISS_TLE_URL", "ISS_NOW_URL",
                             "ISS_LIVE_TIMEOUT_SECONDS", "ISS_TLE_REFRESH_SECONDS"}) {
      unsetenv(name);
    }
    for (const auto& [name, value] : values) setenv(name, value, 1);
  }
  ~ScopedEnv() {
    for (const char* name : {"ISS_SOURCE", "ISS_TLE_FILE", "ISS_TLE_URL", "ISS_NOW_URL",
                             "ISS_LIVE_TIMEOUT_SECONDS", "ISS_TLE_REFRESH_SECONDS"}) {
      unsetenv(name);
    }
  }
};

// Captures what spdlog writes while it lives.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() const { return text_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream text_;
};

// TLE line checksum: digits count their value, '-' counts 1, modulo 10.
char Checksum(const std::string& line) {
  int sum = 0;
  for (size_t i = 0; i < 68 && i < line.size(); ++i) {
    if (line[i] >= '0' && line[i] <= '9') sum += line[i] - '0';
    if (line[i] == '-') sum += 1;
  }
  return static_cast<char>('0' + sum % 10);
}

// The bundled ISS set with its epoch day replaced (columns 21-32 of line 1).
std::string IssTleWithEpoch(const std::string& epoch_field) {
  std::string line1 = "1 25544U 98067A   26259.85263506  .00007068  00000+0  13566-3 0  9993";
  std::string line2 = "2 25544  51.6307 206.4210 0004838 147.2470 212.8820 15.49143506585961";
  line1.replace(18, 14, epoch_field);
  line1[68] = Checksum(line1);
  return "ISS (ZARYA)\n" + line1 + "\n" + line2 + "\n";
}

std::string WriteTempFile(const std::string& text) {
  char path[] = "/tmp/iss-tle-test-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path) << text;
  return path;
}

TEST(TleIssSource, PositionIsTheOrbitLibrarys) {
  orbit::SatelliteTracker tracker = orbit::SatelliteTracker::BundledIss();
  iss::TleIssSource source(tracker);
  orbit::TimePoint at = orbit::AddMinutes(tracker.epoch(), 90);
  iss::PositionResult result = source.PositionAt(at);
  ASSERT_TRUE(result.ok()) << result.failure().message;
  auto expected = tracker.PositionAt(at);
  ASSERT_TRUE(expected);
  EXPECT_EQ(result.position().source, "tle");
  EXPECT_DOUBLE_EQ(result.position().latitude, expected->ground.latitude_deg);
  EXPECT_DOUBLE_EQ(result.position().longitude, expected->ground.longitude_deg);
  ASSERT_TRUE(result.position().altitude_km);
  EXPECT_DOUBLE_EQ(*result.position().altitude_km, expected->ground.altitude_km);
  EXPECT_GT(*result.position().altitude_km, 350);  // the ISS flies at ~400 km
  EXPECT_LT(*result.position().altitude_km, 450);
  EXPECT_EQ(result.position().details["tle_epoch"], "2026-09-16T20:27:47.669Z");
  EXPECT_NEAR(result.position().details["tle_age_days"].get<double>(), 90.0 / 1440, 1e-3);
}

TEST(TleIssSource, AnswerHasAltitudeElevationAndVisibility) {
  orbit::SatelliteTracker tracker = orbit::SatelliteTracker::BundledIss();
  iss::TleIssSource source(tracker);
  orbit::TimePoint at = orbit::AddMinutes(tracker.epoch(), 30);
  iss::IssPosition position = source.PositionAt(at).position();
  // Right under the ISS it is overhead; on the far side of the Earth, below the horizon.
  iss::Place under{position.latitude, position.longitude};
  iss::Place antipode{-position.latitude,
                      position.longitude > 0 ? position.longitude - 180 : position.longitude + 180};
  nlohmann::json overhead = iss::DistanceAnswer(under, position);
  EXPECT_EQ(overhead["source"], "tle");
  EXPECT_DOUBLE_EQ(overhead["distance"].get<double>(), 0.0);
  EXPECT_GT(overhead["elevation_deg"].get<double>(), 89.9);
  EXPECT_EQ(overhead["visible"], true);
  EXPECT_NEAR(overhead["altitude_km"].get<double>(), *position.altitude_km, 0.01);
  EXPECT_EQ(overhead["tle_epoch"], "2026-09-16T20:27:47.669Z");
  nlohmann::json far = iss::DistanceAnswer(antipode, position);
  EXPECT_LT(far["elevation_deg"].get<double>(), -80);
  EXPECT_EQ(far["visible"], false);
  // Same numbers as the orbit library's look angles.
  auto look = tracker.LookFrom(orbit::Observer{48.85, 2.35, 0}, at);
  nlohmann::json paris = iss::DistanceAnswer({48.85, 2.35}, position);
  EXPECT_NEAR(paris["elevation_deg"].get<double>(), look->elevation_deg, 0.006);
}

TEST(DistanceAnswer, LivePositionWithoutAltitudeHasNullsNotGuesses) {
  iss::IssPosition live;
  live.latitude = 10;
  live.longitude = 20;
  live.source = "live";
  nlohmann::json answer = iss::DistanceAnswer({10, 20}, live);
  EXPECT_TRUE(answer["altitude_km"].is_null());
  EXPECT_TRUE(answer["elevation_deg"].is_null());
  EXPECT_TRUE(answer["visible"].is_null());
  EXPECT_FALSE(answer.contains("tle_epoch"));
  live.assumed_altitude_km = 420;  // auto mode: SGP4's altitude for look angles only
  answer = iss::DistanceAnswer({10, 20}, live);
  EXPECT_TRUE(answer["altitude_km"].is_null());
  EXPECT_GT(answer["elevation_deg"].get<double>(), 89.9);
}

TEST(WarnIfStale, WarnsOnlyPastFourteenDays) {
  orbit::SatelliteTracker tracker = orbit::SatelliteTracker::BundledIss();
  {
    CapturedLog log;
    EXPECT_FALSE(iss::WarnIfStale(tracker, orbit::AddMinutes(tracker.epoch(), 13 * 1440)));
    EXPECT_EQ(log.text(), "");
  }
  CapturedLog log;
  EXPECT_TRUE(iss::WarnIfStale(tracker, orbit::AddMinutes(tracker.epoch(), 15 * 1440)));
  EXPECT_NE(log.text().find("[warning]"), std::string::npos) << log.text();
  EXPECT_NE(log.text().find("15.0 days old"), std::string::npos) << log.text();
}

TEST(PositionSourceFromEnv, DefaultIsTleWithTheBundledElements) {
  ScopedEnv env({});
  auto source = iss::PositionSourceFromEnv();
  EXPECT_EQ(source->name(), "tle");
  iss::PositionResult result = source->CurrentPosition();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.position().details["tle_epoch"], "2026-09-16T20:27:47.669Z");
}

TEST(PositionSourceFromEnv, EachSourceByName) {
  for (const char* name : {"tle", "live", "auto"}) {
    ScopedEnv env({{"ISS_SOURCE", name}});
    EXPECT_EQ(iss::PositionSourceFromEnv()->name(), name);
  }
}

TEST(PositionSourceFromEnv, UnknownSourceIsAStartupErrorNamingIt) {
  ScopedEnv env({{"ISS_SOURCE", "moon"}});
  try {
    iss::PositionSourceFromEnv();
    FAIL() << "no error";
  } catch (const common::StartupError& error) {
    EXPECT_NE(std::string(error.what()).find("ISS_SOURCE"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("moon"), std::string::npos);
  }
}

TEST(PositionSourceFromEnv, ReadsIssTleFile) {
  std::string path = WriteTempFile(IssTleWithEpoch("26300.50000000"));
  ScopedEnv env({{"ISS_TLE_FILE", path.c_str()}});
  auto source = iss::PositionSourceFromEnv();
  iss::PositionResult result = source->CurrentPosition();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.position().details["tle_epoch"], "2026-10-27T12:00:00Z");
  std::remove(path.c_str());
}

TEST(PositionSourceFromEnv, BadIssTleFileIsAStartupErrorWithTheParsersMessage) {
  std::string text = IssTleWithEpoch("26300.50000000");
  text[text.find('\n') + 69] = text[text.find('\n') + 69] == '0' ? '1' : '0';  // checksum
  std::string path = WriteTempFile(text);
  for (const std::string& file : {path, std::string("/nonexistent/iss.tle")}) {
    ScopedEnv env({{"ISS_TLE_FILE", file.c_str()}});
    try {
      iss::PositionSourceFromEnv();
      FAIL() << "no error for " << file;
    } catch (const common::StartupError& error) {
      std::string message = error.what();
      EXPECT_EQ(message.rfind("ISS_TLE_FILE: ", 0), 0u) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      if (file == path) {
        EXPECT_NE(message.find("checksum"), std::string::npos) << message;
      }
    }
  }
  std::remove(path.c_str());
}

// A fake open-notify API: up, down (500) or slow.
struct FakeLiveApi {
  std::atomic<int> mode{0};  // 0 up, 1 failing, 2 slow
  testsupport::LocalHttpServer server{[this](httplib::Server& s) {
    s.Get("/iss-now.json", [this](const httplib::Request&, httplib::Response& res) {
      if (mode == 1) {
        res.status = 500;
        return;
      }
      if (mode == 2) server.SleepUnlessStopping(3000ms);
      long long now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
      res.set_content(R"({"message": "success", "timestamp": )" + std::to_string(now) +
                          R"(, "iss_position": {"latitude": "10.5", "longitude": "20.25"}})",
                      "application/json");
    });
  }};
};

std::unique_ptr<iss::AutoIssSource> AutoSource(const std::string& live_url) {
  return std::make_unique<iss::AutoIssSource>(
      std::make_unique<iss::LiveIssSource>(live_url, common::TimeoutsFor(0.5)),
      std::make_unique<iss::TleIssSource>(orbit::SatelliteTracker::BundledIss()));
}

TEST(AutoIssSource, LiveWhenTheApiAnswers) {
  FakeLiveApi api;
  auto source = AutoSource(api.server.url("/iss-now.json"));
  iss::PositionResult result = source->CurrentPosition();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.position().source, "live");
  EXPECT_DOUBLE_EQ(result.position().latitude, 10.5);
  EXPECT_FALSE(result.position().altitude_km);
}

TEST(AutoIssSource, SgpFourWhenTheApiFailsIsSlowOrIsDown) {
  FakeLiveApi api;
  for (int mode : {1, 2}) {
    api.mode = mode;
    auto source = AutoSource(api.server.url("/iss-now.json"));
    auto started = std::chrono::steady_clock::now();
    iss::PositionResult result = source->CurrentPosition();
    ASSERT_TRUE(result.ok()) << "mode " << mode;
    EXPECT_EQ(result.position().source, "tle") << "mode " << mode;
    EXPECT_TRUE(result.position().details.contains("tle_epoch"));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "mode " << mode;
  }
  int closed_port = testsupport::LocalHttpServer([](httplib::Server&) {}).port();
  auto source = AutoSource("http://127.0.0.1:" + std::to_string(closed_port) + "/iss-now.json");
  iss::PositionResult result = source->CurrentPosition();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.position().source, "tle");
}

// A fake CelesTrak GP endpoint whose body a test switches.
struct FakeTleServer {
  std::mutex mutex;
  std::string body;
  std::atomic<int> calls{0};
  testsupport::LocalHttpServer server{[this](httplib::Server& s) {
    s.Get("/gp.php", [this](const httplib::Request&, httplib::Response& res) {
      ++calls;
      std::lock_guard lock(mutex);
      res.set_content(body, "text/plain");
    });
  }};
  void Serve(std::string text) {
    std::lock_guard lock(mutex);
    body = std::move(text);
  }
};

TEST(TleRefresher, PicksUpNewElementsAndKeepsOldOnesOnABrokenBody) {
  FakeTleServer celestrak;
  iss::TleIssSource source(orbit::SatelliteTracker::BundledIss());
  iss::TleRefresher refresher({celestrak.server.url("/gp.php"), 1h, common::TimeoutsFor(2)},
                              source);
  celestrak.Serve(IssTleWithEpoch("26320.25000000"));
  EXPECT_TRUE(refresher.RefreshOnce());
  EXPECT_EQ(orbit::FormatIso8601Utc(source.tracker()->epoch()), "2026-11-16T06:00:00Z");

  CapturedLog log;
  celestrak.Serve("<html>rate limited</html>");
  EXPECT_FALSE(refresher.RefreshOnce());
  EXPECT_EQ(orbit::FormatIso8601Utc(source.tracker()->epoch()), "2026-11-16T06:00:00Z");
  EXPECT_NE(log.text().find("[warning] ISS elements not refreshed"), std::string::npos)
      << log.text();
}

TEST(TleRefresher, UnreachableUrlKeepsTheElements) {
  int closed_port = testsupport::LocalHttpServer([](httplib::Server&) {}).port();
  iss::TleIssSource source(orbit::SatelliteTracker::BundledIss());
  iss::TleRefresher refresher(
      {"http://127.0.0.1:" + std::to_string(closed_port) + "/gp.php", 1h, common::TimeoutsFor(1)},
      source);
  EXPECT_FALSE(refresher.RefreshOnce());
  EXPECT_EQ(orbit::FormatIso8601Utc(source.tracker()->epoch()), "2026-09-16T20:27:47.669Z");
}

TEST(TleRefresher, BackgroundRefreshFromIssTleUrl) {
  FakeTleServer celestrak;
  celestrak.Serve(IssTleWithEpoch("26320.25000000"));
  std::string url = celestrak.server.url("/gp.php");
  ScopedEnv env({{"ISS_TLE_URL", url.c_str()}, {"ISS_TLE_REFRESH_SECONDS", "0.1"}});
  auto source = iss::PositionSourceFromEnv();
  auto epoch_now = [&] {
    return source->CurrentPosition().position().details["tle_epoch"].get<std::string>();
  };
  auto wait_for = [&](const std::string& epoch) {
    auto until = std::chrono::steady_clock::now() + 10s;
    while (epoch_now() != epoch && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(20ms);
    }
    return epoch_now();
  };
  EXPECT_EQ(wait_for("2026-11-16T06:00:00Z"), "2026-11-16T06:00:00Z");
  celestrak.Serve(IssTleWithEpoch("26321.50000000"));
  EXPECT_EQ(wait_for("2026-11-17T12:00:00Z"), "2026-11-17T12:00:00Z");
  int calls = celestrak.calls;
  EXPECT_GE(calls, 2);
  source.reset();  // stops the refresher: no more calls
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(celestrak.calls, calls);
}

}  // namespace
