#include "gazetteer.h"

#include <gtest/gtest.h>

namespace {

const geo::Gazetteer& World() {
  static const geo::Gazetteer world = geo::Gazetteer::FromGeonames();
  return world;
}

TEST(NormalizePlaceName, FoldsCaseAccentsAndPunctuation) {
  EXPECT_EQ(geo::NormalizePlaceName("São Paulo"), "sao paulo");
  EXPECT_EQ(geo::NormalizePlaceName("  ZÜRICH "), "zurich");
  EXPECT_EQ(geo::NormalizePlaceName("Saint-Étienne"), "saint etienne");
  EXPECT_EQ(geo::NormalizePlaceName("Xi'an"), "xian");
  EXPECT_EQ(geo::NormalizePlaceName("St.  Louis"), "st louis");
  EXPECT_EQ(geo::NormalizePlaceName("Kraków"), "krakow");
  EXPECT_EQ(geo::NormalizePlaceName(""), "");
}

TEST(Gazetteer, IndexesLibgeonamesWorldCities) {
  EXPECT_GT(World().size(), 20000u);
}

TEST(Gazetteer, LondonIsTheBiggestLondon) {
  const geo::City* london = World().Find("London");
  ASSERT_NE(london, nullptr);
  EXPECT_EQ(london->country_code, "GB");
  EXPECT_NEAR(london->latitude, 51.51, 0.05);
  EXPECT_NEAR(london->longitude, -0.13, 0.05);
}

TEST(Gazetteer, QualifiersPickCountryStateOrCode) {
  const geo::City* paris = World().Find("Paris, France");
  ASSERT_NE(paris, nullptr);
  EXPECT_EQ(paris->country_code, "FR");

  const geo::City* texas = World().Find("paris, texas");
  ASSERT_NE(texas, nullptr);
  EXPECT_EQ(texas->country_code, "US");
  EXPECT_NEAR(texas->latitude, 33.66, 0.05);

  const geo::City* ontario = World().Find("London, CA");
  ASSERT_NE(ontario, nullptr);
  EXPECT_EQ(ontario->country_code, "CA");
  EXPECT_EQ(ontario->state, "Ontario");

  const geo::City* uk = World().Find("London, UK");
  ASSERT_NE(uk, nullptr);
  EXPECT_EQ(uk->country_code, "GB");

  EXPECT_EQ(World().Find("Paris, Japan"), nullptr);
}

TEST(Gazetteer, AccentInsensitive) {
  const geo::City* sao_paulo = World().Find("sao paulo");
  ASSERT_NE(sao_paulo, nullptr);
  EXPECT_EQ(sao_paulo->name, "São Paulo");
  EXPECT_EQ(sao_paulo->country_code, "BR");
  EXPECT_EQ(World().Find("SÃO PAULO"), sao_paulo);
}

TEST(Gazetteer, UnknownPlacesAreNotFound) {
  EXPECT_EQ(World().Find("Qwxzzy Nowhere"), nullptr);
  EXPECT_EQ(World().Find(""), nullptr);
  EXPECT_EQ(World().Find(", France"), nullptr);
}

TEST(Gazetteer, MostPopulousAmongEqualNamesFromAnyData) {
  geo::Gazetteer small(
      {{"Springfield", "Illinois", "United States of America", "US", 39.8, -89.6, 114000},
       {"Springfield", "Missouri", "United States of America", "US", 37.2, -93.3, 169000},
       {"Springfield", "Victoria", "Australia", "AU", -37.0, 145.0, 100}});
  ASSERT_NE(small.Find("springfield"), nullptr);
  EXPECT_EQ(small.Find("springfield")->state, "Missouri");
  EXPECT_EQ(small.Find("Springfield, Illinois")->state, "Illinois");
  EXPECT_EQ(small.Find("Springfield, Australia")->country_code, "AU");
  EXPECT_EQ(small.Find("Springfield, USA, Illinois")->state, "Illinois");
  EXPECT_EQ(small.Find("Springfield, Texas"), nullptr);
}

TEST(GazetteerGeocoder, NamesThePlaceItFound) {
  geo::GazetteerGeocoder geocoder(World());
  geo::GeocodeResult hit = geocoder.Locate("Paris, France");
  ASSERT_TRUE(hit.hit);
  EXPECT_FALSE(hit.failure);
  EXPECT_NE(hit.hit->place.find("Paris"), std::string::npos);
  EXPECT_NE(hit.hit->place.find("France"), std::string::npos);
  geo::GeocodeResult miss = geocoder.Locate("Qwxzzy");
  EXPECT_FALSE(miss.hit);
  EXPECT_FALSE(miss.failure);
}

}  // namespace
