// The workshop's exercise: the gateway before instrumentation (Section 4).
// GET /?location=X -> geolocator-service, then iss-distance-service. It answers like
// the real gateway and logs to the console, but sends no telemetry and starts a new
// trace for every call. The solution is backend/gateway/main.cpp.
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "distance_flow.h"
// Section 4: the SDK's headers go here.

namespace telemetry = common::telemetry;

// Section 4: setup_tracing() (and setup_metrics(), setup_logging()) go here.

// A backend answered non-200: the gateway passes its answer on to the caller.
void on_backend_error(const gateway::BackendError& error) {
  // Section 4: mark this request's span as failed here.
  (void)error;
}

int main() {
  return common::RunMain("gateway", [] {
    common::SetupConsoleLogging("gateway");
    // Section 4: the resource goes here, and the setups with it.

    const gateway::GatewaySettings settings = gateway::GatewaySettingsFromEnv();
    common::Service service(common::ServerOptionsFromEnv("gateway"));
    // Section 4: the HTTP server and client instrumentation go here.
    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      gateway::HandleGatewayRequest(req, res, settings, on_backend_error);
    });

    spdlog::info("started application (geolocator: {}, iss-distance: {})", settings.geolocator_url,
                 settings.iss_distance_url);
    return service.Run();
  });
}
