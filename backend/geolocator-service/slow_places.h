// The workshop's "slow places" fault (README Section 5; off unless FAULT_SLOW_PLACES or
// WORKSHOP_FAULT picks it): a geocoder that answers places whose name starts with one of
// some letters only after a delay, as a cold cache or a slow index shard would. The
// delay is inside Locate, so it shows in the geolocator's getting-coordinates-for-location
// span (and the SERVER span around it), in the exercise and the solution alike.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "geocoder.h"

namespace geo {

class SlowPlacesGeocoder : public Geocoder {
 public:
  // `first_letters`: lower-case a-z; matched against the normalized place name.
  SlowPlacesGeocoder(std::unique_ptr<Geocoder> inner, std::string first_letters,
                     std::chrono::milliseconds delay);
  std::string name() const override { return inner_->name(); }
  GeocodeResult Locate(const std::string& location) const override;
  bool IsSlow(const std::string& location) const;

 private:
  std::unique_ptr<Geocoder> inner_;
  std::string first_letters_;
  std::chrono::milliseconds delay_;
};

// `geocoder` as it is, or wrapped in a SlowPlacesGeocoder when FAULT_SLOW_PLACES (or
// WORKSHOP_FAULT) asks for it; bad settings are StartupErrors.
std::unique_ptr<Geocoder> WithFaultsFromEnv(std::unique_ptr<Geocoder> geocoder);

}  // namespace geo
