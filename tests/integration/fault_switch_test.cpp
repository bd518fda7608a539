// The workshop's fault switches (README Section 5, docs/workshop.md): each makes the
// symptom it promises appear, measured on the real binaries; off, nothing changes; a bad
// value stops the service at start with one line.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "common/faults.h"
#include "service_stack.h"

namespace integration {
namespace {

using Clock = std::chrono::steady_clock;

double MedianMs(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Milliseconds per request for `place`, `times` times, from the geolocator.
std::vector<double> LookUpTimes(RunningBinary& geolocator, const std::string& place, int times) {
  httplib::Client client = geolocator.Client();
  std::vector<double> took;
  for (int i = 0; i < times; ++i) {
    Clock::time_point start = Clock::now();
    httplib::Result result = client.Get("/?location=" + place);
    took.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    EXPECT_TRUE(result && result->status == 200) << place;
  }
  return took;
}

TEST(FaultSwitches, SlowPlacesDelaysOnlyPlacesWithThoseFirstLetters) {
  RunningBinary geolocator("geolocator-service",
                           {{"FAULT_SLOW_PLACES", "bM"}, {"FAULT_SLOW_MS", "200"}});
  ASSERT_TRUE(geolocator.ready()) << geolocator.process().Output();
  std::vector<double> slow, fast;
  for (const char* place : {"Berlin", "Madrid", "mumbai"}) {
    for (double ms : LookUpTimes(geolocator, place, 3)) slow.push_back(ms);
  }
  for (const char* place : {"Paris", "London", "Sydney"}) {
    for (double ms : LookUpTimes(geolocator, place, 3)) fast.push_back(ms);
  }
  // Measured: slow median 202 ms, the others 1.6 ms (loopback, telemetry off, Python client).
  EXPECT_GE(MedianMs(slow), 200.0);
  EXPECT_LT(MedianMs(slow), 400.0);
  EXPECT_LT(MedianMs(fast), 50.0);
  EXPECT_NE(geolocator.process().Output().find("place index: cold look-up for 'Berlin'"),
            std::string::npos);
}

// Statuses of `count` requests to iss-distance-service.
std::vector<int> DistanceStatuses(RunningBinary& service, int count) {
  httplib::Client client = service.Client();
  std::vector<int> statuses;
  for (int i = 0; i < count; ++i) {
    httplib::Result result = client.Get("/?latitude=48.85&longitude=2.35");
    statuses.push_back(result ? result->status : 0);
  }
  return statuses;
}

TEST(FaultSwitches, IssApiErrorsFailThatFractionOfCallsAs503) {
  RunningBinary service("iss-distance-service", {{"FAULT_ISS_API_ERRORS", "0.3"}});
  ASSERT_TRUE(service.ready()) << service.process().Output();
  std::vector<int> statuses = DistanceStatuses(service, 20);
  // Spread evenly: exactly 6 of 20, never two in a row at 0.3.
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 502), 6);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 14);
  httplib::Client client = service.Client();
  // Calls 20..22 succeed, call 23 fails (floor(0.3 * 24) = 7 > floor(0.3 * 23) = 6).
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client.Get("/?latitude=1&longitude=2")->status, 200);
  httplib::Result failed = client.Get("/?latitude=1&longitude=2");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 502);
  EXPECT_NE(failed->body.find("the ISS position API answered 503"), std::string::npos);
  // The workshop's error log line, from the request handler that saw a 503 call.
  EXPECT_NE(service.process().Output().find("ISS position API answered 503"), std::string::npos);
}

TEST(FaultSwitches, GatewayRetriesMultiplyTheCallsToIssDistanceService) {
  FakeIssApi iss;
  RunningBinary geolocator("geolocator-service", {});
  RunningBinary iss_distance("iss-distance-service", {{"ISS_NOW_URL", iss.url()}});
  RunningBinary gateway("gateway", {{"GEOLOCATOR_SERVICE_URL", geolocator.url()},
                                    {"ISS_DISTANCE_SERVICE_URL", iss_distance.url()},
                                    {"FAULT_GATEWAY_RETRIES", "3"}});
  ASSERT_TRUE(geolocator.ready() && iss_distance.ready() && gateway.ready());
  httplib::Client client = gateway.Client();
  for (int i = 0; i < 5; ++i) {
    httplib::Result result = client.Get("/?location=London");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);  // the answer is the same, only the load differs
  }
  EXPECT_EQ(iss.calls.load(), 20);  // 1 + 3 calls per request
  EXPECT_NE(gateway.process().Output().find("retrying iss-distance-service (attempt 4 of 4)"),
            std::string::npos);
}

TEST(FaultSwitches, OffByDefault) {
  FakeIssApi iss;
  RunningBinary geolocator("geolocator-service", {});
  RunningBinary iss_distance("iss-distance-service", {{"ISS_NOW_URL", iss.url()}});
  RunningBinary gateway("gateway", {{"GEOLOCATOR_SERVICE_URL", geolocator.url()},
                                    {"ISS_DISTANCE_SERVICE_URL", iss_distance.url()}});
  ASSERT_TRUE(geolocator.ready() && iss_distance.ready() && gateway.ready());
  httplib::Client client = gateway.Client();
  for (int i = 0; i < 5; ++i) {
    httplib::Result result = client.Get("/?location=Berlin");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
  }
  EXPECT_EQ(iss.calls.load(), 5);
  EXPECT_LT(MedianMs(LookUpTimes(geolocator, "Berlin", 3)), 50.0);
  for (RunningBinary* service : {&geolocator, &iss_distance, &gateway}) {
    EXPECT_EQ(service->process().Output().find("workshop fault"), std::string::npos);
  }
}

TEST(FaultSwitches, WorkshopFaultPicksOneHiddenFaultByItsNumber) {
  // 4 % 3 == 1: ISS API errors (0.3); 3 and 5 switch on the others, not this one.
  RunningBinary faulty("iss-distance-service", {{"WORKSHOP_FAULT", "4"}});
  RunningBinary healthy("iss-distance-service", {{"WORKSHOP_FAULT", "5"}});
  RunningBinary slow_geolocator("geolocator-service", {{"WORKSHOP_FAULT", "3"}});
  ASSERT_TRUE(faulty.ready() && healthy.ready() && slow_geolocator.ready());
  std::vector<int> statuses = DistanceStatuses(faulty, 10);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 502), 3);
  statuses = DistanceStatuses(healthy, 10);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 10);
  // WORKSHOP_FAULT's slow places: B and M, 300 ms.
  EXPECT_GE(MedianMs(LookUpTimes(slow_geolocator, "Madrid", 3)), 300.0);
  EXPECT_LT(MedianMs(LookUpTimes(slow_geolocator, "Paris", 3)), 50.0);
  // Said at start, without saying which.
  EXPECT_NE(faulty.process().Output().find("a workshop fault is switched on"), std::string::npos);
}

struct BadCase {
  const char* binary;
  const char* name;
  const char* value;
  const char* line;
};

TEST(FaultSwitches, BadValueIsOneLineAndNonZeroExit) {
  const std::string somewhere = "http://127.0.0.1:9";
  BadCase cases[] = {
      {"geolocator-service", "FAULT_SLOW_PLACES", "b1",
       "geolocator-service: error: FAULT_SLOW_PLACES must be first letters a-z (e.g. 'bm'), got "
       "'b1'\n"},
      {"geolocator-service", "FAULT_SLOW_MS", "0",
       "geolocator-service: error: FAULT_SLOW_MS must be a whole number in [1, 10000], got '0'\n"},
      {"iss-distance-service", "FAULT_ISS_API_ERRORS", "1.5",
       "iss-distance-service: error: FAULT_ISS_API_ERRORS must be a fraction in [0, 1], got "
       "'1.5'\n"},
      {"gateway", "FAULT_GATEWAY_RETRIES", "11",
       "gateway: error: FAULT_GATEWAY_RETRIES must be a whole number in [0, 10], got '11'\n"},
      {"gateway", "WORKSHOP_FAULT", "abc",
       "gateway: error: WORKSHOP_FAULT must be a whole number in [1, 999999], got 'abc'\n"},
  };
  for (const BadCase& c : cases) {
    testsupport::ChildProcess::Options options;
    options.env = {{c.name, c.value},
                   {"PORT", std::to_string(testsupport::FreePort())},
                   {"GEOLOCATOR_SERVICE_URL", somewhere},
                   {"ISS_DISTANCE_SERVICE_URL", somewhere}};
    options.unset_env = {"WORKSHOP_FAULT", "FAULT_SLOW_PLACES", "FAULT_SLOW_MS",
                         "FAULT_ISS_API_ERRORS", "FAULT_GATEWAY_RETRIES"};
    testsupport::ChildProcess process(testsupport::BinaryPath(c.binary), {}, options);
    std::optional<int> status = process.Wait(10s);
    ASSERT_TRUE(status.has_value()) << c.binary << " did not exit";
    EXPECT_NE(*status, 0) << c.line;
    EXPECT_EQ(process.Output(), c.line);
  }
}

TEST(FaultSwitches, FailsEvenlyIsExactOverAnyWindow) {
  for (double fraction : {0.0, 0.1, 0.3, 0.5, 1.0}) {
    for (std::uint64_t first : {0ULL, 7ULL, 1000ULL}) {
      int failed = 0;
      for (std::uint64_t call = first; call < first + 100; ++call) {
        failed += common::FailsEvenly(call, fraction) ? 1 : 0;
      }
      EXPECT_NEAR(failed, fraction * 100, 1.0) << fraction << " from " << first;
    }
  }
}

}  // namespace
}  // namespace integration
