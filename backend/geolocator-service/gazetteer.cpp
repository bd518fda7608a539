#include "gazetteer.h"

#include <geonames/geonames.h>
#include <glib.h>

#include <algorithm>
#include <memory>

namespace geo {
namespace {

// Everyday names for countries that libgeonames spells differently.
const std::unordered_map<std::string, std::string>& CountryAliases() {
  static const std::unordered_map<std::string, std::string> aliases = {
      {"usa", "us"},         {"united states", "us"},  {"america", "us"}, {"uk", "gb"},
      {"britain", "gb"},     {"great britain", "gb"},  {"russia", "ru"},  {"south korea", "kr"},
      {"north korea", "kp"}, {"czech republic", "cz"}, {"holland", "nl"}, {"uae", "ae"},
  };
  return aliases;
}

std::vector<std::string> SplitQualifiers(std::string_view query) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t comma = query.find(',', start);
    parts.push_back(NormalizePlaceName(query.substr(start, comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  // "London, , UK" -> drop the empty qualifier.
  parts.erase(std::remove_if(parts.begin() + 1, parts.end(),
                             [](const std::string& part) { return part.empty(); }),
              parts.end());
  return parts;
}

}  // namespace

std::string NormalizePlaceName(std::string_view text) {
  std::string utf8(text);
  // GLib's transliteration tables (locale "C": ü -> u, ß -> ss, ł -> l).
  std::unique_ptr<gchar, decltype(&g_free)> ascii(g_str_to_ascii(utf8.c_str(), "C"), &g_free);
  std::string normalized;
  normalized.reserve(utf8.size());
  bool pending_space = false;
  for (const char* p = ascii.get(); *p != '\0'; ++p) {
    char c = *p;
    if (c == '\'' || c == '`') continue;
    if (g_ascii_isalnum(c)) {
      if (pending_space && !normalized.empty()) normalized += ' ';
      pending_space = false;
      normalized += g_ascii_tolower(c);
    } else {
      pending_space = true;
    }
  }
  return normalized;
}

Gazetteer::Gazetteer(std::vector<City> cities) : cities_(std::move(cities)) {
  qualifier_keys_.reserve(cities_.size());
  for (std::uint32_t i = 0; i < cities_.size(); ++i) {
    const City& city = cities_[i];
    qualifier_keys_.push_back({NormalizePlaceName(city.state), NormalizePlaceName(city.country),
                               NormalizePlaceName(city.country_code)});
    std::string key = NormalizePlaceName(city.name);
    if (!key.empty()) by_name_[key].push_back(i);
  }
  for (auto& [name, indices] : by_name_) {
    std::stable_sort(indices.begin(), indices.end(), [&](std::uint32_t a, std::uint32_t b) {
      return cities_[a].population > cities_[b].population;
    });
  }
}

Gazetteer Gazetteer::FromGeonames() {
  std::vector<City> cities;
  int count = geonames_get_n_cities();
  cities.reserve(static_cast<size_t>(std::max(count, 0)));
  for (int i = 0; i < count; ++i) {
    GeonamesCity* raw = geonames_get_city(i);
    if (raw == nullptr) continue;
    auto text = [](const gchar* value) { return value != nullptr ? std::string(value) : ""; };
    cities.push_back(City{text(geonames_city_get_name(raw)), text(geonames_city_get_state(raw)),
                          text(geonames_city_get_country(raw)),
                          text(geonames_city_get_country_code(raw)),
                          geonames_city_get_latitude(raw), geonames_city_get_longitude(raw),
                          geonames_city_get_population(raw)});
    geonames_city_free(raw);
  }
  return Gazetteer(std::move(cities));
}

bool Gazetteer::Matches(std::uint32_t city, const std::vector<std::string>& qualifiers) const {
  const auto& [state, country, code] = qualifier_keys_[city];
  for (size_t i = 1; i < qualifiers.size(); ++i) {
    const std::string& qualifier = qualifiers[i];
    auto alias = CountryAliases().find(qualifier);
    bool matched = qualifier == state || qualifier == country || qualifier == code ||
                   (alias != CountryAliases().end() && alias->second == code);
    if (!matched) return false;
  }
  return true;
}

const City* Gazetteer::Find(std::string_view query) const {
  std::vector<std::string> parts = SplitQualifiers(query);
  if (parts.front().empty()) return nullptr;
  auto found = by_name_.find(parts.front());
  if (found == by_name_.end()) return nullptr;
  for (std::uint32_t index : found->second) {
    if (Matches(index, parts)) return &cities_[index];
  }
  return nullptr;
}

GeocodeResult GazetteerGeocoder::Locate(const std::string& location) const {
  const City* city = gazetteer_.Find(location);
  if (city == nullptr) return {};
  std::string place = city->name;
  if (!city->state.empty() && city->state != city->name) place += ", " + city->state;
  if (!city->country.empty()) place += ", " + city->country;
  return {GeocodeHit{city->latitude, city->longitude, place}, std::nullopt};
}

}  // namespace geo
