// gateway: GET /?location=X -> geolocator-service, then iss-distance-service.
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "distance_flow.h"

int main() {
  return common::RunMain("gateway", [] {
    common::SetupConsoleLogging("gateway");
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
