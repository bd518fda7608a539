// GEOCODER=nominatim: the Nominatim search API (NOMINATIM_URL, default the
// public OpenStreetMap instance, whose usage policy asks for a real User-Agent).
#pragma once

#include <string>
#include <string_view>

#include "common/expected.h"
#include "geocoder.h"

namespace geo {

struct NominatimSettings {
  std::string base_url = "https://nominatim.openstreetmap.org";
  std::string user_agent = "iss-distance-geolocator/0.1 (OpenTelemetry workshop in C++)";
  common::HttpTimeouts timeouts;
};

// Parses a /search?format=jsonv2 answer: an empty array -> no hit (nullopt).
common::Expected<std::optional<GeocodeHit>> ParseNominatimAnswer(std::string_view body);

class NominatimGeocoder : public Geocoder {
 public:
  explicit NominatimGeocoder(NominatimSettings settings) : settings_(std::move(settings)) {}
  std::string name() const override { return "nominatim"; }
  GeocodeResult Locate(const std::string& location) const override;

 private:
  NominatimSettings settings_;
};

}  // namespace geo
