// gateway: GET /?location=X -> geolocator-service, then iss-distance-service.
// Telemetry as in the workshop's app.py: resource, then tracing, metrics and logging
// (Sections 0-3), then the HTTP instrumentation (Section 4).
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "distance_flow.h"

namespace telemetry = common::telemetry;

int main() {
  return common::RunMain("gateway", [] {
    common::SetupConsoleLogging("gateway");
    const otel::Resource resource = telemetry::MakeResource({
        {"service.name", "gateway"},
        {"deployment.environment.name", "dev"},
        {"service.version", telemetry::ServiceVersion()},
    });
    telemetry::setup_tracing(resource);
    telemetry::setup_metrics(resource);
    telemetry::setup_logging(resource);
    telemetry::instrument_http();  // Section 4: server/client spans, W3C propagation

    const gateway::GatewaySettings settings = gateway::GatewaySettingsFromEnv();
    common::Service service(common::ServerOptionsFromEnv("gateway"));
    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      gateway::HandleGatewayRequest(req, res, settings);
    });

    spdlog::info("started application (geolocator: {}, iss-distance: {})", settings.geolocator_url,
                 settings.iss_distance_url);
    return service.Run();
  });
}
