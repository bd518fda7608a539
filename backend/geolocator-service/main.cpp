// geolocator-service: GET /?location=X -> {"latitude": .., "longitude": ..}.
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "location_request.h"

int main() {
  return common::RunMain("geolocator-service", [] {
    common::SetupConsoleLogging("geolocator-service");
    // Settings first, so a bad PORT is reported before the index is built.
    common::Service service(common::ServerOptionsFromEnv("geolocator-service"));
    std::unique_ptr<geo::Geocoder> geocoder = geo::GeocoderFromEnv();

    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      geo::HandleLocationRequest(req, res, *geocoder);
    });

    spdlog::info("started application (geocoder: {})", geocoder->name());
    return service.Run();
  });
}
