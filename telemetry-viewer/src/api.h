// The web server's routes: the JSON API, the compiled-in UI, /healthz and /metrics.
#pragma once

#include <functional>
#include <string>

namespace httplib {
class Server;
}

namespace viewer {

class Store;

struct ApiOptions {
  // Renders GET /metrics (Prometheus text); empty means the route is absent.
  std::function<std::string()> prometheus_text;
};

void RegisterApiRoutes(httplib::Server& server, const Store& store, const ApiOptions& options);

}  // namespace viewer
