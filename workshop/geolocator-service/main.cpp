// The workshop's exercise: the geolocator-service before instrumentation (Section 4).
// GET /?location=X -> {"latitude": .., "longitude": ..}. It answers like the real
// service and logs to the console, but sends no telemetry. The solution is
// backend/geolocator-service/main.cpp and location_handler.cpp.
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "location_request.h"
// Section 4: the SDK's headers go here.

namespace telemetry = common::telemetry;

// Section 4: setup_tracing() (and setup_metrics(), setup_logging()) go here.

int main() {
  return common::RunMain("geolocator-service", [] {
    common::SetupConsoleLogging("geolocator-service");
    // Section 4: the resource goes here, and the setups with it.

    // Settings first, so a bad PORT is reported before the index is built.
    common::Service service(common::ServerOptionsFromEnv("geolocator-service"));
    // Section 4: the HTTP server (and client) instrumentation go here.
    std::unique_ptr<geo::Geocoder> geocoder = geo::GeocoderFromEnv();
    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      geo::HandleLocationRequest(req, res, *geocoder);
    });

    spdlog::info("started application (geocoder: {})", geocoder->name());
    return service.Run();
  });
}
