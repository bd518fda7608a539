// The workshop's exercise: the frontend before instrumentation (Section 4's bonus).
// GET / shows the form; POST / asks the gateway and shows where the ISS is and how far
// away. It answers like the real frontend and logs to the console, but sends no
// telemetry, starts no trace and links to none. The solution is frontend/main.cpp.
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "gateway_client.h"
#include "routes.h"
// Section 4: the SDK's headers go here.

namespace telemetry = common::telemetry;

// Section 4: setup_tracing() (and setup_metrics(), setup_logging()) go here.

int main() {
  return common::RunMain("frontend", [] {
    common::SetupConsoleLogging("frontend");
    // Section 4: the resource goes here, and the setups with it.

    const frontend::FrontendSettings settings = frontend::FrontendSettingsFromEnv();
    common::Service service(common::ServerOptionsFromEnv("frontend"));
    // Section 4: the HTTP server and client instrumentation go here.
    frontend::AddRoutes(service, settings);

    spdlog::info("started application (gateway: {})", settings.gateway_url);
    return service.Run();
  });
}
