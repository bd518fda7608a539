#include <gtest/gtest.h>

#include "distance.h"
#include "distance_request.h"
#include "live_iss_source.h"

namespace {

TEST(GeodesicDistance, MatchesPublishedValues) {
  // geopy's documentation: Newport, RI to Cleveland, OH is 538.390445368 miles.
  EXPECT_NEAR(iss::GeodesicDistanceKm(41.49008, -71.312796, 41.499498, -81.695391),
              538.390445368 * 1.609344, 1e-6);
  // GeographicLib's documentation: Wellington to Salamanca, 19959679.267 m.
  EXPECT_NEAR(iss::GeodesicDistanceKm(-41.32, 174.81, 40.96, -5.50), 19959.679267, 1e-6);
  // One degree of longitude along the equator: a * pi / 180 with a = 6378137 m.
  EXPECT_NEAR(iss::GeodesicDistanceKm(0, 0, 0, 1), 6378.137 * M_PI / 180, 1e-9);
  EXPECT_DOUBLE_EQ(iss::GeodesicDistanceKm(12, 34, 12, 34), 0);
}

TEST(GeodesicDistance, RoundsToTwoDecimals) {
  EXPECT_DOUBLE_EQ(iss::RoundTo2Decimals(866.455432909), 866.46);
  EXPECT_DOUBLE_EQ(iss::RoundTo2Decimals(0.004), 0.0);
  EXPECT_DOUBLE_EQ(iss::RoundTo2Decimals(12.345678), 12.35);
}

TEST(ParseOpenNotify, ReadsTheWorkshopsFormat) {
  auto position = iss::ParseOpenNotify(
      R"({"message": "success", "timestamp": 1700000000, "iss_position": {"latitude": "-51.2345", "longitude": "120.5"}})");
  ASSERT_TRUE(position) << position.error();
  EXPECT_DOUBLE_EQ(position->latitude, -51.2345);
  EXPECT_DOUBLE_EQ(position->longitude, 120.5);
  EXPECT_EQ(position->source, "live");
  EXPECT_EQ(std::chrono::system_clock::to_time_t(position->time), 1700000000);
}

TEST(ParseOpenNotify, RejectsWhatIsNotAPosition) {
  const char* bad_answers[] = {
      "",
      "[]",
      R"({"message": "failure", "iss_position": {"latitude": "1", "longitude": "2"}})",
      R"({"message": "success"})",
      R"({"message": "success", "iss_position": {"latitude": "abc", "longitude": "2"}})",
      R"({"message": "success", "iss_position": {"latitude": "95", "longitude": "2"}})",
      R"({"message": "success", "iss_position": {"latitude": "1", "longitude": "-200"}})",
      R"({"message": "success", "iss_position": {"latitude": "1"}})",
  };
  for (const char* body : bad_answers) EXPECT_FALSE(iss::ParseOpenNotify(body)) << body;
}

httplib::Request Query(std::initializer_list<std::pair<std::string, std::string>> params) {
  httplib::Request req;
  for (const auto& [key, value] : params) req.params.emplace(key, value);
  return req;
}

TEST(PlaceFromQuery, ValidatesBothCoordinates) {
  auto place = iss::PlaceFromQuery(Query({{"latitude", "51.5"}, {"longitude", "-0.12"}}));
  ASSERT_TRUE(place);
  EXPECT_DOUBLE_EQ(place->latitude, 51.5);
  EXPECT_EQ(iss::PlaceFromQuery(Query({{"longitude", "1"}})).error(), "Missing latitude");
  EXPECT_EQ(iss::PlaceFromQuery(Query({{"latitude", "1"}})).error(), "Missing longitude");
  EXPECT_EQ(iss::PlaceFromQuery(Query({{"latitude", "x"}, {"longitude", "1"}})).error(),
            "latitude must be a number, got 'x'");
  EXPECT_EQ(iss::PlaceFromQuery(Query({{"latitude", "1"}, {"longitude", "190"}})).error(),
            "longitude must be between -180 and 180, got 190");
}

class FixedSource : public iss::IssPositionSource {
 public:
  explicit FixedSource(iss::PositionResult result) : result_(std::move(result)) {}
  std::string name() const override { return "fixed"; }
  iss::PositionResult CurrentPosition() override {
    ++calls;
    return result_;
  }
  int calls = 0;

 private:
  iss::PositionResult result_;
};

iss::IssPosition Position(double latitude, double longitude) {
  iss::IssPosition position;
  position.latitude = latitude;
  position.longitude = longitude;
  position.source = "live";
  position.time = std::chrono::system_clock::from_time_t(1700000000);
  return position;
}

TEST(HandleDistanceRequest, AnswersDistanceAndIssLocation) {
  FixedSource source(Position(41.499498, -81.695391));
  httplib::Request req = Query({{"latitude", "41.49008"}, {"longitude", "-71.312796"}});
  httplib::Response res;
  iss::HandleDistanceRequest(req, res, source);
  EXPECT_EQ(res.status, 200);
  nlohmann::json answer = nlohmann::json::parse(res.body);
  EXPECT_DOUBLE_EQ(answer["distance"].get<double>(), 866.46);
  EXPECT_DOUBLE_EQ(answer["location"]["latitude"].get<double>(), 41.499498);
  EXPECT_DOUBLE_EQ(answer["location"]["longitude"].get<double>(), -81.695391);
  EXPECT_EQ(answer["source"], "live");
  EXPECT_EQ(answer["timestamp"], 1700000000);
}

TEST(HandleDistanceRequest, BadInputNeverAsksTheSource) {
  FixedSource source(Position(0, 0));
  httplib::Response res;
  iss::HandleDistanceRequest(Query({{"latitude", "100"}, {"longitude", "0"}}), res, source);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(res.body, R"({"error":"latitude must be between -90 and 90, got 100"})");
  EXPECT_EQ(source.calls, 0);
}

TEST(HandleDistanceRequest, SourceTroubleIsPassedOnWithItsStatus) {
  FixedSource source(
      common::UpstreamFailure{504, "the ISS position API did not answer within 5 s"});
  httplib::Response res;
  iss::HandleDistanceRequest(Query({{"latitude", "1"}, {"longitude", "2"}}), res, source);
  EXPECT_EQ(res.status, 504);
  EXPECT_EQ(res.body, R"({"error":"the ISS position API did not answer within 5 s"})");
}

}  // namespace
