// The gateway's one job: place name -> geolocator-service -> coordinates ->
// iss-distance-service -> distance. A backend's non-200 answer is passed on
// with its status and body; transport trouble becomes 502/504.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <string_view>

#include "common/http_client.h"

namespace gateway {

struct GatewaySettings {
  std::string geolocator_url;     // GEOLOCATOR_SERVICE_URL (required)
  std::string iss_distance_url;   // ISS_DISTANCE_SERVICE_URL (required)
  common::HttpTimeouts timeouts;  // UPSTREAM_TIMEOUT_SECONDS (default 8)
  // The workshop's retry-storm fault (README Section 5; FAULT_GATEWAY_RETRIES or
  // WORKSHOP_FAULT, off by default): extra calls to iss-distance-service per request.
  int fault_retries = 0;
};

GatewaySettings GatewaySettingsFromEnv();

// A backend's non-200 answer, as the gateway passes it on.
struct BackendError {
  std::string_view backend;  // "geolocator-service" or "iss-distance-service"
  int status;                // its HTTP status
  std::string text;          // its error text (the "error" of a JSON body, else the body)
};

// Called when a backend answers non-200, before the answer is passed on (the workshop's
// Section 4 marks the request's span there).
using BackendErrorHandler = std::function<void(const BackendError&)>;

// GET /?location=X
void HandleGatewayRequest(const httplib::Request& req, httplib::Response& res,
                          const GatewaySettings& settings,
                          const BackendErrorHandler& on_backend_error);

}  // namespace gateway
