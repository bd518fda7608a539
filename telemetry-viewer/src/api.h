// The web server's routes: the JSON API, the compiled-in UI, /healthz and /metrics.
#pragma once

#include <functional>
#include <string>
#include <utility>

namespace httplib {
class Server;
}

namespace viewer {

class Store;

struct ApiOptions {
  // Renders GET /metrics (Prometheus text); empty means the route is absent.
  // The Prometheus exposition for a scraper's Accept header: {body, content type}
  // (OpenMetrics with exemplars when it asks for it, as Prometheus does).
  std::function<std::pair<std::string, std::string>(const std::string& accept)> prometheus_text;
};

void RegisterApiRoutes(httplib::Server& server, const Store& store, const ApiOptions& options);

}  // namespace viewer
