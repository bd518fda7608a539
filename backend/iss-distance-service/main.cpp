// iss-distance-service: GET /?latitude=..&longitude=.. -> how far the ISS is.
// Telemetry as in the workshop's app.py (Sections 0-3): resource, then tracing,
// metrics and logging; the counters and spans live next to the code they
// measure.
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "distance_request.h"
#include "position_source_factory.h"

namespace telemetry = common::telemetry;

int main() {
  return common::RunMain("iss-distance-service", [] {
    common::SetupConsoleLogging("iss-distance-service");
    const otel::Resource resource = telemetry::MakeResource({
        {"service.name", "iss-distance-service"},
        {"deployment.environment.name", "dev"},
        {"service.version", telemetry::ServiceVersion()},
    });
    telemetry::setup_tracing(resource);
    telemetry::setup_metrics(resource);
    telemetry::setup_logging(resource);

    std::unique_ptr<iss::IssPositionSource> source = iss::PositionSourceFromEnv();
    common::Service service(common::ServerOptionsFromEnv("iss-distance-service"));
    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      iss::HandleDistanceRequest(req, res, *source);
    });

    spdlog::info("started application (ISS position source: {})", source->name());
    return service.Run();
  });
}
