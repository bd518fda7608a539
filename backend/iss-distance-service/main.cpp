// iss-distance-service: GET /?latitude=..&longitude=.. -> how far the ISS is.
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "distance_request.h"
#include "position_source_factory.h"

int main() {
  return common::RunMain("iss-distance-service", [] {
    common::SetupConsoleLogging("iss-distance-service");
    std::unique_ptr<iss::IssPositionSource> source = iss::PositionSourceFromEnv();

    common::Service service(common::ServerOptionsFromEnv("iss-distance-service"));
    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      iss::HandleDistanceRequest(req, res, *source);
    });

    spdlog::info("started application (ISS position source: {})", source->name());
    return service.Run();
  });
}
