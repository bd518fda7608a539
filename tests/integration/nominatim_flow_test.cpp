// GEOCODER=nominatim against a fake Nominatim on loopback.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "service_stack.h"

namespace integration {
namespace {

class FakeNominatim {
 public:
  FakeNominatim()
      : server_([this](httplib::Server& server) {
          server.Get("/search", [this](const httplib::Request& req, httplib::Response& res) {
            {
              std::lock_guard lock(mutex_);
              last_ = req;
            }
            std::string q = req.get_param_value("q");
            if (q == "Testville") {
              res.set_content(
                  R"([{"lat": "12.5", "lon": "-3.25", "display_name": "Testville, Nowhere"}])",
                  "application/json");
            } else if (q == "Slowtown") {
              server_.SleepUnlessStopping(3s);
              res.set_content("[]", "application/json");
            } else if (q == "Broken") {
              res.status = 503;
              res.set_content("overloaded", "text/plain");
            } else {
              res.set_content("[]", "application/json");
            }
          });
        }) {}
  std::string url() const { return server_.url(); }
  httplib::Request last() {
    std::lock_guard lock(mutex_);
    return last_;
  }

 private:
  std::mutex mutex_;
  httplib::Request last_;
  testsupport::LocalHttpServer server_;
};

struct NominatimGeolocator {
  FakeNominatim nominatim;
  RunningBinary geolocator{"geolocator-service",
                           {{"GEOCODER", "nominatim"},
                            {"NOMINATIM_URL", nominatim.url()},
                            {"UPSTREAM_TIMEOUT_SECONDS", "0.5"}}};
};

TEST(NominatimGeocoder, AsksSearchWithAUserAgentAndAnswersCoordinates) {
  NominatimGeolocator setup;
  ASSERT_TRUE(setup.geolocator.ready());
  auto res = setup.geolocator.Client().Get("/?location=Testville");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  nlohmann::json answer = nlohmann::json::parse(res->body);
  EXPECT_DOUBLE_EQ(answer["latitude"].get<double>(), 12.5);
  EXPECT_DOUBLE_EQ(answer["longitude"].get<double>(), -3.25);
  EXPECT_EQ(answer["place"], "Testville, Nowhere");

  httplib::Request asked = setup.nominatim.last();
  EXPECT_EQ(asked.get_param_value("format"), "jsonv2");
  EXPECT_EQ(asked.get_param_value("limit"), "1");
  EXPECT_NE(asked.get_header_value("User-Agent").find("iss-distance-geolocator"),
            std::string::npos);
}

TEST(NominatimGeocoder, NothingFoundIs404) {
  NominatimGeolocator setup;
  ASSERT_TRUE(setup.geolocator.ready());
  auto res = setup.geolocator.Client().Get("/?location=Atlantis%20Deep");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"],
            "No coordinates found for location 'Atlantis Deep'");
}

TEST(NominatimGeocoder, FailingOrSlowNominatimIs502Or504) {
  NominatimGeolocator setup;
  ASSERT_TRUE(setup.geolocator.ready());
  auto broken = setup.geolocator.Client().Get("/?location=Broken");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 502);
  EXPECT_EQ(nlohmann::json::parse(broken->body)["error"], "Nominatim answered 503");

  auto slow = setup.geolocator.Client().Get("/?location=Slowtown");
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->status, 504);
  EXPECT_EQ(nlohmann::json::parse(slow->body)["error"], "Nominatim did not answer within 0.5 s");
}

}  // namespace
}  // namespace integration
