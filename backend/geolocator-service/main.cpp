// geolocator-service: GET /?location=X -> {"latitude": .., "longitude": ..}.
// Telemetry as in the workshop's app.py: resource, then tracing, metrics and logging
// (Sections 0-3), then the HTTP instrumentation (Section 4).
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "location_request.h"

namespace telemetry = common::telemetry;

int main() {
  return common::RunMain("geolocator-service", [] {
    common::SetupConsoleLogging("geolocator-service");
    const otel::Resource resource = telemetry::MakeResource({
        {"service.name", "geolocator-service"},
        {"deployment.environment.name", "dev"},
        {"service.version", telemetry::ServiceVersion()},
    });
    telemetry::setup_tracing(resource);
    telemetry::setup_metrics(resource);
    telemetry::setup_logging(resource);
    telemetry::instrument_http();  // Section 4: server/client spans, W3C propagation

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
