// Start-up errors and graceful shutdown of the real binaries.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "service_stack.h"

namespace integration {
namespace {

struct MissingCase {
  const char* binary;
  std::map<std::string, std::string> env;
  const char* line;
};

TEST(Lifecycle, MissingOrBadSettingIsOneLineAndNonZeroExit) {
  const std::string somewhere = "http://127.0.0.1:9";
  MissingCase cases[] = {
      {"gateway",
       {{"ISS_DISTANCE_SERVICE_URL", somewhere}},
       "gateway: error: missing required setting GEOLOCATOR_SERVICE_URL\n"},
      {"gateway",
       {{"GEOLOCATOR_SERVICE_URL", somewhere}},
       "gateway: error: missing required setting ISS_DISTANCE_SERVICE_URL\n"},
      {"frontend", {}, "frontend: error: missing required setting GATEWAY_URL\n"},
      {"iss-distance-service",
       {{"ISS_SOURCE", "moon"}},
       "iss-distance-service: error: ISS_SOURCE must be one of: tle, live, auto (got 'moon')\n"},
      {"geolocator-service",
       {{"GEOCODER", "oracle"}},
       "geolocator-service: error: GEOCODER must be one of: gazetteer, nominatim (got 'oracle')\n"},
      {"geolocator-service",
       {{"PORT", "99999"}},
       "geolocator-service: error: PORT must be a port number 1-65535, got '99999'\n"},
  };
  for (const MissingCase& c : cases) {
    testsupport::ChildProcess::Options options;
    options.env = c.env;
    options.unset_env = {"GEOLOCATOR_SERVICE_URL",
                         "ISS_DISTANCE_SERVICE_URL",
                         "GATEWAY_URL",
                         "ISS_SOURCE",
                         "GEOCODER",
                         "PORT"};
    options.env.emplace("PORT", std::to_string(testsupport::FreePort()));
    testsupport::ChildProcess process(testsupport::BinaryPath(c.binary), {}, options);
    std::optional<int> status = process.Wait(10s);
    ASSERT_TRUE(status.has_value()) << c.binary << " did not exit";
    EXPECT_NE(*status, 0) << c.line;
    EXPECT_EQ(process.Output(), c.line);
  }
}

TEST(Lifecycle, BusyPortIsAStartupError) {
  RunningBinary first("geolocator-service", {});
  ASSERT_TRUE(first.ready());
  testsupport::ChildProcess::Options options;
  options.env = {{"PORT", std::to_string(first.port())}};
  testsupport::ChildProcess second(testsupport::BinaryPath("geolocator-service"), {}, options);
  std::optional<int> status = second.Wait(10s);
  ASSERT_TRUE(status.has_value());
  EXPECT_NE(*status, 0);
  EXPECT_NE(second.Output().find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
            std::string::npos);
}

TEST(Lifecycle, SigtermAndSigintExitZeroQuickly) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  // One real request first, so every service has served something.
  ASSERT_EQ(stack.frontend.Client().Post("/", httplib::Params{{"location", "London"}})->status,
            200);
  int signal_number = SIGTERM;
  for (RunningBinary* service :
       {&stack.frontend, &stack.gateway, &stack.geolocator, &stack.iss_distance}) {
    auto start = std::chrono::steady_clock::now();
    service->process().Signal(signal_number);
    std::optional<int> status = service->process().Wait(5s);
    ASSERT_TRUE(status.has_value()) << "still running after 5 s";
    EXPECT_EQ(*status, 0) << service->process().Output();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
    EXPECT_NE(service->process().Output().find("shutting down"), std::string::npos);
    signal_number = signal_number == SIGTERM ? SIGINT : SIGTERM;
  }
}

TEST(Lifecycle, SigtermLetsTheRequestInFlightFinish) {
  Stack stack("3");
  ASSERT_TRUE(stack.ready());
  stack.iss.mode = IssMode::kSlow;
  stack.iss.slow_for = 800ms;
  int status_seen = 0;
  std::thread caller([&] {
    auto res = stack.iss_distance.Client().Get("/?latitude=1&longitude=2");
    if (res) status_seen = res->status;
  });
  while (stack.iss.calls.load() == 0) std::this_thread::sleep_for(5ms);
  stack.iss_distance.process().Signal(SIGTERM);
  caller.join();
  EXPECT_EQ(status_seen, 200);
  std::optional<int> status = stack.iss_distance.process().Wait(5s);
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 0);
  // After the stop nothing listens any more.
  EXPECT_FALSE(stack.iss_distance.Client().Get("/healthz"));
}

}  // namespace
}  // namespace integration
