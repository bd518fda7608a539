#include "common/server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "common/json_response.h"
#include "common/settings.h"

namespace common {
namespace {

std::mutex registry_mutex;
std::vector<ServerInterceptor>& Interceptors() {
  static std::vector<ServerInterceptor> interceptors;
  return interceptors;
}
std::vector<std::function<void()>>& ShutdownHooks() {
  static std::vector<std::function<void()>> hooks;
  return hooks;
}

// Calls interceptors[index..] around the handler.
void RunChain(const std::vector<ServerInterceptor>& chain, size_t index, const RouteInfo& info,
              const httplib::Request& req, httplib::Response& res, const Handler& handler) {
  if (index == chain.size()) {
    handler(req, res);
    return;
  }
  chain[index](info, req, res, [&] { RunChain(chain, index + 1, info, req, res, handler); });
}

std::string_view ReasonFor(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 413:
      return "Request too large";
    case 414:
      return "Request URI too long";
    default:
      return status >= 500 ? "Internal server error" : "Request failed";
  }
}

}  // namespace

struct Service::ShutdownState {
  std::mutex mutex;
  std::condition_variable finished_changed;
  bool finished = false;
};

ServerOptions ServerOptionsFromEnv(std::string service_name) {
  ServerOptions options;
  options.service_name = std::move(service_name);
  options.host = HostSetting();
  options.port = PortSetting();
  return options;
}

void AddServerInterceptor(ServerInterceptor interceptor) {
  std::lock_guard lock(registry_mutex);
  Interceptors().push_back(std::move(interceptor));
}

void AddShutdownHook(std::function<void()> hook) {
  std::lock_guard lock(registry_mutex);
  ShutdownHooks().push_back(std::move(hook));
}

Service::Service(ServerOptions options)
    : options_(std::move(options)),
      server_(options_.limits),
      shutdown_state_(std::make_shared<ShutdownState>()) {
  error_renderer_ = [](int status, std::string_view message, httplib::Response& res) {
    SendError(res, status, message);
  };
  server_.set_payload_max_length(options_.max_request_body_bytes);
  // Browser hardening on every answer (OWASP's set; issue #19): the frontend's page
  // loads only its own stylesheet and icon and posts only to itself, and nothing of
  // ours may be framed. Harmless on the JSON services, which browsers never render.
  server_.set_default_headers(
      {{"Content-Security-Policy",
        "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
       {"X-Content-Type-Options", "nosniff"},
       {"X-Frame-Options", "DENY"},
       {"Referrer-Policy", "no-referrer"}});
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let
  // a second copy of a service share a busy port instead of failing to start.
  // TCP_NODELAY (inherited by accepted sockets): without it, small answers on a
  // kept-alive connection wait for delayed ACKs, ~40 ms each.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });
  // Short idle keep-alive so a stop is not held up by idle connections.
  server_.set_keep_alive_timeout(2);
  // httplib closes a connection after 5 requests by default: the services' pooled
  // upstream connections (connection_pool.h) would then reconnect every fifth call.
  server_.set_keep_alive_max_count(10000);
  // Workers (options_.limits.worker_threads, 32): handlers that wait on upstreams
  // need more than httplib's default of 8. Connections waiting for a request head
  // or idle between requests hold none (guarded_server.h).
  server_.set_read_timeout(10, 0);
  server_.set_write_timeout(10, 0);
  // Fill in a body for errors that no handler answered (unknown route, 413, ...).
  server_.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
    // A body over the wire budget (e.g. chunked) is reported by httplib as 400.
    if (GuardedServer::BodyOverLimit()) {
      res.status = 413;
      res.body.clear();
    }
    if (res.body.empty()) error_renderer_(res.status, ReasonFor(res.status), res);
  });
  server_.set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, const std::exception_ptr& error) {
        std::string what = "unknown exception";
        try {
          if (error) std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        spdlog::error("unhandled error in {} {}: {}", req.method, req.path, what);
        error_renderer_(500, "Internal server error", res);
      });
  Get(
      "/healthz",
      [](const httplib::Request&, httplib::Response& res) {
        res.set_content("ok\n", "text/plain");
      },
      /*traced=*/false);
}

Service::~Service() {
  Stop();
}

Handler Service::Wrap(std::string method, std::string route, Handler handler, bool traced) {
  // The chain is read per request, not copied here: an interceptor added after this route
  // was declared (telemetry set up later in main) still wraps it.
  return [this, method = std::move(method), route = std::move(route), handler = std::move(handler),
          traced](const httplib::Request& req, httplib::Response& res) {
    // httplib checks Content-Length; a chunked body is only bounded on the wire
    // (2x the limit, guarded_server.h), so its decoded size is checked here.
    if (req.body.size() > options_.max_request_body_bytes) {
      res.status = 413;
      error_renderer_(413, ReasonFor(413), res);
      return;
    }
    const std::vector<ServerInterceptor>& chain = chain_;
    RouteInfo info{options_.service_name, method, route, traced};
    if (!traced) {
      RunChain(chain, 0, info, req, res, handler);
      return;
    }
    // Innermost step: the handler plus an access log line (inside every
    // interceptor, so the line belongs to the request's span once traced).
    Handler logged = [&](const httplib::Request& request, httplib::Response& response) {
      auto start = std::chrono::steady_clock::now();
      handler(request, response);
      std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
      spdlog::info("{} {} -> {} in {:.1f} ms", request.method, request.path,
                   response.status == -1 ? 200 : response.status, took.count());
    };
    RunChain(chain, 0, info, req, res, logged);
  };
}

void Service::Get(const std::string& route, Handler handler, bool traced) {
  server_.Get(route, Wrap("GET", route, std::move(handler), traced));
}

void Service::Post(const std::string& route, Handler handler, bool traced) {
  server_.Post(route, Wrap("POST", route, std::move(handler), traced));
}

void Service::AddInterceptor(ServerInterceptor interceptor) {
  own_interceptors_.push_back(std::move(interceptor));
}

void Service::SetErrorRenderer(ErrorRenderer renderer) {
  error_renderer_ = std::move(renderer);
}

void Service::Stop() {
  stop_requested_ = true;
  server_.stop();
}

// Waits for SIGINT/SIGTERM (blocked in every thread by RunMain) and stops the
// server. server_.stop() is repeated until listening ends, because a stop that
// arrives before the listen loop started would otherwise be lost.
void Service::WatchSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  const timespec poll{0, 100'000'000};
  bool announced = false;
  while (!finished_) {
    int signal_number = sigtimedwait(&signals, nullptr, &poll);
    if (signal_number > 0 && !announced) {
      spdlog::info("received {}, shutting down", signal_number == SIGINT ? "SIGINT" : "SIGTERM");
      stop_requested_ = true;
    }
    if (stop_requested_) {
      if (!announced) {
        announced = true;
        // Never hang: if requests in flight do not finish in time, leave anyway.
        std::thread([grace = options_.shutdown_grace, state = shutdown_state_] {
          std::unique_lock lock(state->mutex);
          if (state->finished_changed.wait_for(lock, grace, [&] { return state->finished; })) {
            return;
          }
          spdlog::warn("requests still running after {} ms, exiting anyway", grace.count());
          spdlog::default_logger()->flush();
          _exit(0);
        }).detach();
      }
      server_.stop();
    }
  }
}

int Service::Run() {
  {
    std::lock_guard lock(registry_mutex);
    chain_ = Interceptors();
  }
  chain_.insert(chain_.end(), own_interceptors_.begin(), own_interceptors_.end());
  // Bind raises cpp-httplib's listen backlog of 5 (to 512): bursts of new
  // connections (each upstream call opens one) would wait a 1 s SYN retry.
  bound_port_ = server_.Bind(options_.host, options_.port);
  if (bound_port_ == 0) {
    throw StartupError("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                       " (in use, or not an address of this machine)");
  }
  std::thread signal_watcher([this] { WatchSignals(); });
  spdlog::info("{} listening on http://{}:{}", options_.service_name, options_.host,
               bound_port_.load());
  server_.listen_after_bind();  // returns after stop(), once requests in flight finished
  finished_ = true;
  signal_watcher.join();
  {
    std::lock_guard lock(shutdown_state_->mutex);
    shutdown_state_->finished = true;
  }
  shutdown_state_->finished_changed.notify_all();

  std::vector<std::function<void()>> hooks;
  {
    std::lock_guard lock(registry_mutex);
    hooks = ShutdownHooks();
  }
  for (const auto& hook : hooks) hook();
  spdlog::info("{} stopped", options_.service_name);
  return 0;
}

}  // namespace common
