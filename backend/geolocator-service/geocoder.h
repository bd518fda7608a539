// Turns a place name into coordinates. Implementations: the offline gazetteer
// (GEOCODER=gazetteer) and a Nominatim search API (GEOCODER=nominatim).
#pragma once

#include <optional>
#include <string>

#include "common/http_client.h"

namespace geo {

struct GeocodeHit {
  double latitude = 0;
  double longitude = 0;
  std::string
      place;  // how the geocoder names what it found, e.g. "London, England, United Kingdom"
};

// Exactly one of: a hit, nothing found (both empty), or an upstream failure.
struct GeocodeResult {
  std::optional<GeocodeHit> hit;
  std::optional<common::UpstreamFailure> failure;
};

class Geocoder {
 public:
  virtual ~Geocoder() = default;
  virtual std::string name() const = 0;
  // Thread-safe. `location` is already validated (trimmed, 1-200 characters).
  virtual GeocodeResult Locate(const std::string& location) const = 0;
};

}  // namespace geo
