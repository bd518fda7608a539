// iss-distance-service: GET /?latitude=..&longitude=.. -> how far the ISS is.
// The workshop's solution: main.cpp sets telemetry up as the workshop's app.py does
// (resource, Section 0; metrics, logging and tracing, Sections 1-3; the HTTP
// instrumentation, Section 4), and distance_handler.cpp counts, logs and traces the
// requests. workshop/iss-distance-service/ is the same service before instrumentation.
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
    telemetry::setup_metrics(resource);
    telemetry::setup_logging(resource);
    telemetry::setup_tracing(resource);
    telemetry::instrument_http();  // Section 4: server/client spans, W3C propagation

    std::unique_ptr<iss::IssPositionSource> source = iss::PositionSourceFromEnv();
    common::Service service(common::ServerOptionsFromEnv("iss-distance-service"));
    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      iss::HandleDistanceRequest(req, res, *source);
    });

    spdlog::info("started application (ISS position source: {})", source->name());
    return service.Run();
  });
}
