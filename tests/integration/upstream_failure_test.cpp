// Upstream trouble: failing, broken, slow and absent services become 502/504
// with a message, passed on to the caller; never a made-up answer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service_stack.h"

namespace integration {
namespace {

std::string ErrorOf(const httplib::Result& res) {
  return nlohmann::json::parse(res->body).value("error", "");
}

std::string ClosedPortUrl() {
  return "http://127.0.0.1:" + std::to_string(testsupport::FreePort());
}

TEST(UpstreamFailure, IssApiErrorIs502) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  stack.iss.mode = IssMode::kServerError;
  auto res = stack.gateway.Client().Get("/?location=London");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 502);
  EXPECT_EQ(ErrorOf(res), "the ISS position API answered 500");
}

TEST(UpstreamFailure, IssApiNonsenseIs502) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  stack.iss.mode = IssMode::kGarbage;
  auto res = stack.gateway.Client().Get("/?location=London");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 502);
  EXPECT_EQ(ErrorOf(res), "the ISS position API sent an unusable answer: latitude is not a number");
}

TEST(UpstreamFailure, SlowIssApiIs504) {
  Stack stack("0.5");
  ASSERT_TRUE(stack.ready());
  stack.iss.mode = IssMode::kSlow;
  auto start = std::chrono::steady_clock::now();
  auto res = stack.gateway.Client().Get("/?location=London");
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 504);
  EXPECT_EQ(ErrorOf(res), "the ISS position API did not answer within 0.5 s");
  EXPECT_LT(took, 4s);  // 0.5 s plus generous slack for a loaded CI machine
}

TEST(UpstreamFailure, IssApiDownIs502) {
  RunningBinary iss_distance("iss-distance-service", {{"ISS_NOW_URL", ClosedPortUrl()}});
  ASSERT_TRUE(iss_distance.ready());
  auto res = iss_distance.Client().Get("/?latitude=1&longitude=2");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 502);
  EXPECT_NE(ErrorOf(res).find("the ISS position API is unreachable"), std::string::npos)
      << ErrorOf(res);
}

TEST(UpstreamFailure, BackendsDownAre502NamingThem) {
  FakeIssApi iss;
  RunningBinary geolocator("geolocator-service", {});
  ASSERT_TRUE(geolocator.ready());
  RunningBinary no_geolocator("gateway", {{"GEOLOCATOR_SERVICE_URL", ClosedPortUrl()},
                                          {"ISS_DISTANCE_SERVICE_URL", ClosedPortUrl()}});
  RunningBinary no_iss_distance("gateway", {{"GEOLOCATOR_SERVICE_URL", geolocator.url()},
                                            {"ISS_DISTANCE_SERVICE_URL", ClosedPortUrl()}});
  ASSERT_TRUE(no_geolocator.ready() && no_iss_distance.ready());

  auto res = no_geolocator.Client().Get("/?location=London");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 502);
  EXPECT_NE(ErrorOf(res).find("geolocator-service is unreachable"), std::string::npos);

  res = no_iss_distance.Client().Get("/?location=London");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 502);
  EXPECT_NE(ErrorOf(res).find("iss-distance-service is unreachable"), std::string::npos);
}

TEST(UpstreamFailure, SlowBackendIs504FromTheGateway) {
  testsupport::LocalHttpServer* self = nullptr;
  testsupport::LocalHttpServer slow_geolocator([&](httplib::Server& server) {
    server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      self->SleepUnlessStopping(3s);
      res.set_content(R"({"latitude": 1, "longitude": 2})", "application/json");
    });
  });
  self = &slow_geolocator;
  RunningBinary gateway("gateway", {{"GEOLOCATOR_SERVICE_URL", slow_geolocator.url()},
                                    {"ISS_DISTANCE_SERVICE_URL", ClosedPortUrl()},
                                    {"UPSTREAM_TIMEOUT_SECONDS", "0.5"}});
  ASSERT_TRUE(gateway.ready());
  auto res = gateway.Client().Get("/?location=London");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 504);
  EXPECT_EQ(ErrorOf(res), "geolocator-service did not answer within 0.5 s");
}

TEST(UpstreamFailure, BackendNon200IsPassedOnAsIs) {
  testsupport::LocalHttpServer odd_geolocator([](httplib::Server& server) {
    server.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.status = 429;
      res.set_content("slow down", "text/plain");
    });
  });
  RunningBinary gateway("gateway", {{"GEOLOCATOR_SERVICE_URL", odd_geolocator.url()},
                                    {"ISS_DISTANCE_SERVICE_URL", ClosedPortUrl()}});
  ASSERT_TRUE(gateway.ready());
  auto res = gateway.Client().Get("/?location=London");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(res->body, "slow down");
}

}  // namespace
}  // namespace integration
