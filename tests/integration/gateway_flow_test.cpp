// The gateway with real backends: answers and the callers' mistakes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "distance.h"
#include "service_stack.h"

namespace integration {
namespace {

nlohmann::json Json(const httplib::Result& res) {
  return nlohmann::json::parse(res->body);
}

TEST(GatewayFlow, LocationToDistanceThroughBothBackends) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  auto res = stack.gateway.Client().Get("/?location=London");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  nlohmann::json answer = Json(res);
  double expected = iss::RoundTo2Decimals(
      iss::GeodesicDistanceKm(51.50853, -0.12574, kIssLatitude, kIssLongitude));
  EXPECT_DOUBLE_EQ(answer["distance"].get<double>(), expected);
  EXPECT_DOUBLE_EQ(answer["location"]["latitude"].get<double>(), kIssLatitude);
  EXPECT_DOUBLE_EQ(answer["location"]["longitude"].get<double>(), kIssLongitude);
  EXPECT_EQ(answer["source"], "live");
  EXPECT_EQ(answer["place"]["name"], "London, England, United Kingdom");
  EXPECT_EQ(answer["place"]["query"], "London");
  EXPECT_EQ(stack.iss.calls.load(), 1);
}

TEST(GatewayFlow, NoLocationIs400) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  for (const char* path : {"/", "/?location="}) {
    auto res = stack.gateway.Client().Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(Json(res)["error"], "No location given");
  }
}

TEST(GatewayFlow, UnknownPlaceIsThe404OfTheGeolocator) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  auto res = stack.gateway.Client().Get("/?location=Qwxzzy%20Nowhere");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Json(res)["error"], "No coordinates found for location 'Qwxzzy Nowhere'");
  EXPECT_EQ(stack.iss.calls.load(), 0);
}

TEST(GatewayFlow, OverlongPlaceNameIs400) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  auto res = stack.gateway.Client().Get(("/?location=" + std::string(201, 'a')).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Json(res)["error"], "location is too long: 201 characters, at most 200");
}

TEST(IssDistanceService, NamesTheBadCoordinate) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  struct Case {
    const char* path;
    const char* error;
  } cases[] = {
      {"/?longitude=1", "Missing latitude"},
      {"/?latitude=1", "Missing longitude"},
      {"/?latitude=abc&longitude=1", "latitude must be a number, got 'abc'"},
      {"/?latitude=91&longitude=1", "latitude must be between -90 and 90, got 91"},
      {"/?latitude=1&longitude=-180.5", "longitude must be between -180 and 180, got -180.5"},
  };
  for (const Case& c : cases) {
    auto res = stack.iss_distance.Client().Get(c.path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << c.path;
    EXPECT_EQ(Json(res)["error"], c.error) << c.path;
  }
  EXPECT_EQ(stack.iss.calls.load(), 0);
}

TEST(AllServices, HealthzAnd404AsJson) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  for (RunningBinary* service :
       {&stack.geolocator, &stack.iss_distance, &stack.gateway, &stack.frontend}) {
    auto health = service->Client().Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }
  auto missing = stack.gateway.Client().Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(Json(missing)["error"], "Not found");
}

}  // namespace
}  // namespace integration
