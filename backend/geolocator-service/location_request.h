// GET /?location=X: validate, geocode, answer {"latitude","longitude","place"}.
#pragma once

#include <httplib.h>

#include <memory>

#include "geocoder.h"

namespace geo {

constexpr size_t kMaxLocationChars = 200;

void HandleLocationRequest(const httplib::Request& req, httplib::Response& res,
                           const Geocoder& geocoder);

// The geocoder named by GEOCODER (gazetteer, the default, or nominatim), slowed down
// for some places when the workshop's fault switch says so (slow_places.h). The
// gazetteer's index is built once and lives as long as the program.
std::unique_ptr<Geocoder> GeocoderFromEnv();

}  // namespace geo
