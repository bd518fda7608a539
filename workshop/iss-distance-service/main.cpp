// The workshop's exercise: iss-distance-service before instrumentation.
// GET /?latitude=..&longitude=.. -> how far the ISS is. It answers like the real
// service and logs to the console, but sends no telemetry: instrument it by following
// the README, Sections 0 to 4, and run scripts/check-workshop to see how far you got.
// The solution is backend/iss-distance-service/main.cpp and distance_handler.cpp.
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "distance_request.h"
#include "position_source_factory.h"
// Sections 1-3: the SDK's headers go here.

namespace telemetry = common::telemetry;

// Sections 1-3: setup_metrics(), setup_logging() and setup_tracing() go here.

int main() {
  return common::RunMain("iss-distance-service", [] {
    common::SetupConsoleLogging("iss-distance-service");
    // Section 0: the resource goes here. Sections 1-3: set up each signal with it here.

    std::unique_ptr<iss::IssPositionSource> source = iss::PositionSourceFromEnv();
    common::Service service(common::ServerOptionsFromEnv("iss-distance-service"));
    // Section 4: the HTTP server instrumentation goes here.
    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      iss::HandleDistanceRequest(req, res, *source);
    });

    spdlog::info("started application (ISS position source: {})", source->name());
    return service.Run();
  });
}
