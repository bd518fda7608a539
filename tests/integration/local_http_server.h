// An HTTP server inside the test process on a free loopback port: the fakes of
// the ISS API and Nominatim, and small servers for the client tests.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <thread>

// Where the services' client is linked in, its pool keeps connections to this server
// alive, and httplib's stop() would wait out each one's keep-alive timeout (5 s).
#if __has_include("common/connection_pool.h")
#include "common/connection_pool.h"
#define TESTSUPPORT_HAS_CONNECTION_POOL 1
#endif

namespace testsupport {

class LocalHttpServer {
 public:
  // `routes` declares the handlers on the server before it starts.
  explicit LocalHttpServer(const std::function<void(httplib::Server&)>& routes) {
    routes(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("LocalHttpServer: cannot bind");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalHttpServer() {
    stopping_ = true;
#ifdef TESTSUPPORT_HAS_CONNECTION_POOL
    common::ConnectionPool::Shared().CloseIdle();
#endif
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  int port() const {
    return port_;
  }
  std::string url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // For slow handlers: sleep up to `duration`, waking early when the server stops.
  void SleepUnlessStopping(std::chrono::milliseconds duration) const {
    auto until = std::chrono::steady_clock::now() + duration;
    while (!stopping_ && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  int port_ = 0;
};

}  // namespace testsupport
