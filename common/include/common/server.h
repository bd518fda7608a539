// The one way our services serve HTTP: routes on cpp-httplib, /healthz, JSON
// errors, bounded requests, and graceful shutdown on SIGINT/SIGTERM.
//
// Every route handler runs inside the chain of server interceptors, so a
// cross-cutting concern (a server span per request, metrics, access logs) is
// added once, here, for all four services.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/guarded_server.h"

namespace common {

struct ServerOptions {
  std::string service_name;
  std::string host = "127.0.0.1";
  int port = 5000;
  size_t max_request_body_bytes = 16 * 1024;
  // After SIGINT/SIGTERM, requests in flight get this long to finish.
  std::chrono::milliseconds shutdown_grace{8000};
  // Request-head size/time limits, worker threads, backlog (guarded_server.h).
  GuardLimits limits;
};

// HOST and PORT from the environment (see settings.h).
ServerOptions ServerOptionsFromEnv(std::string service_name);

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

struct RouteInfo {
  std::string_view service_name;
  std::string_view method;
  std::string_view route;  // the pattern, e.g. "/" (http.route)
  bool traced;             // false for /healthz and static files
};

// Wraps a handler: do work before/after and call next() to run the handler
// (and the interceptors registered after this one).
using ServerInterceptor =
    std::function<void(const RouteInfo&, const httplib::Request&, httplib::Response&,
                       const std::function<void()>& next)>;

// Registers an interceptor for every Service of the process that has not started
// running yet, around all of its routes (declared before or after this call).
void AddServerInterceptor(ServerInterceptor interceptor);

// Runs after the server stopped, before the process exits (e.g. flush telemetry).
void AddShutdownHook(std::function<void()> hook);

// Renders an error body for a status (404, 413, 500, ...). Default: JSON.
using ErrorRenderer = std::function<void(int status, std::string_view message, httplib::Response&)>;

class Service {
 public:
  explicit Service(ServerOptions options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  void Get(const std::string& route, Handler handler, bool traced = true);
  void Post(const std::string& route, Handler handler, bool traced = true);
  void SetErrorRenderer(ErrorRenderer renderer);
  // An interceptor around every route of this service, whenever the route is declared
  // (the chain is put together when Run() starts: the process-wide interceptors first,
  // then this service's in the order added). Call before Run().
  void AddInterceptor(ServerInterceptor interceptor);

  // Binds HOST:PORT (StartupError if it cannot), serves until SIGINT/SIGTERM or
  // Stop(), lets requests in flight finish, runs the shutdown hooks. Returns 0.
  int Run();
  // Asks Run() to return (thread-safe), as a signal would.
  void Stop();
  // The bound port once Run() has bound (useful with PORT=0 in tests).
  int bound_port() const { return bound_port_.load(); }

 private:
  Handler Wrap(std::string method, std::string route, Handler handler, bool traced);
  void WatchSignals();

  ServerOptions options_;
  GuardedServer server_;
  ErrorRenderer error_renderer_;
  std::vector<ServerInterceptor> own_interceptors_;
  // Process-wide then own interceptors; fixed when Run() starts, read by every request.
  std::vector<ServerInterceptor> chain_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> finished_{false};
  // Shared with the shutdown watchdog thread, which may outlive this object.
  struct ShutdownState;
  std::shared_ptr<ShutdownState> shutdown_state_;
  std::atomic<int> bound_port_{0};
};

}  // namespace common
