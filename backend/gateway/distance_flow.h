// The gateway's one job: place name -> geolocator-service -> coordinates ->
// iss-distance-service -> distance. A backend's non-200 answer is passed on
// with its status and body; transport trouble becomes 502/504.
#pragma once

#include <httplib.h>

#include <string>

#include "common/http_client.h"

namespace gateway {

struct GatewaySettings {
  std::string geolocator_url;     // GEOLOCATOR_SERVICE_URL (required)
  std::string iss_distance_url;   // ISS_DISTANCE_SERVICE_URL (required)
  common::HttpTimeouts timeouts;  // UPSTREAM_TIMEOUT_SECONDS (default 8)
};

GatewaySettings GatewaySettingsFromEnv();

// GET /?location=X
void HandleGatewayRequest(const httplib::Request& req, httplib::Response& res,
                          const GatewaySettings& settings);

}  // namespace gateway
