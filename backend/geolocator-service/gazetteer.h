// An in-memory index of world cities (libgeonames' built-in data, about 24,000
// places), built once at start. Names match case- and accent-insensitively;
// "City, Country", "City, State" and "City, CC" narrow the choice; among equal
// names the most populous city wins. Look-ups take about a microsecond.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "geocoder.h"

namespace geo {

struct City {
  std::string name;
  std::string state;
  std::string country;
  std::string country_code;
  double latitude = 0;
  double longitude = 0;
  std::uint32_t population = 0;
};

// Lower-case ASCII letters and digits separated by single spaces: accents are
// transliterated ("São Paulo" -> "sao paulo"), apostrophes dropped, other
// punctuation becomes a space ("Saint-Denis" -> "saint denis").
std::string NormalizePlaceName(std::string_view text);

class Gazetteer {
 public:
  explicit Gazetteer(std::vector<City> cities);
  // All of libgeonames' cities.
  static Gazetteer FromGeonames();

  // The best city for "Name" or "Name, Qualifier[, Qualifier]"; nullptr if none.
  const City* Find(std::string_view query) const;
  size_t size() const { return cities_.size(); }
  const std::vector<City>& cities() const { return cities_; }

 private:
  bool Matches(std::uint32_t city, const std::vector<std::string>& qualifiers) const;

  std::vector<City> cities_;
  // Normalized state, country and country code of each city.
  std::vector<std::array<std::string, 3>> qualifier_keys_;
  // Normalized name -> cities, most populous first.
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_name_;
};

class GazetteerGeocoder : public Geocoder {
 public:
  explicit GazetteerGeocoder(const Gazetteer& gazetteer) : gazetteer_(gazetteer) {}
  std::string name() const override { return "gazetteer"; }
  GeocodeResult Locate(const std::string& location) const override;

 private:
  const Gazetteer& gazetteer_;
};

}  // namespace geo
