// The workshop's exercise: the iss-distance-service's request handler before
// instrumentation. Section 1 counts requests here, Section 2 turns its log lines into
// OpenTelemetry log records, Section 3 adds the spans: the "Section" comments say where,
// the README what. The business it calls (validation, distance, answer, ISS sources) is
// the service's own, in backend/iss-distance-service/core/.
#include <spdlog/spdlog.h>

#include "common/json_response.h"
#include "distance_request.h"
// Sections 1 and 3: the SDK's headers go here.

namespace iss {
namespace {

// Sections 1 and 3: the counters and the tracer go here.

// Section 3: the attribute helpers go here.

// Where the ISS is now, from the source ISS_SOURCE chose. The live source asks the ISS
// API over HTTP and says how that call went (api_call: URL and HTTP status).
PositionResult get_iss_coordinates(IssPositionSource& source) {
  PositionResult iss = source.CurrentPosition();
  const std::optional<IssApiCall>& call = iss.api_call();  // the live source's HTTP call
  if (call && call->answered() && call->status != 200) {
    spdlog::error("ISS position API answered {} (expected 200)", call->status);
  }
  return iss;
}

}  // namespace

void HandleDistanceRequest(const httplib::Request& req, httplib::Response& res,
                           IssPositionSource& source) {
  spdlog::info("received request from IP address: {}", req.remote_addr);
  if (!req.has_param("latitude") || !req.has_param("longitude")) {
    spdlog::warn("missing latitude or longitude");
  }
  common::Expected<Place> place = PlaceFromQuery(req);
  if (!place) {
    common::SendError(res, 400, place.error());
    return;
  }

  PositionResult iss = get_iss_coordinates(source);
  if (!iss.ok()) {
    common::SendError(res, iss.failure().status, iss.failure().message);
    return;
  }
  nlohmann::json answer = DistanceAnswer(*place, iss.position());
  common::SendJson(res, 200, answer);
}

}  // namespace iss
