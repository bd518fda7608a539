// Kept-alive connections to upstream services, shared by every thread of a service
// (issue #20). A request borrows a connection to its origin (upstream_connection.h) and
// gives it back when the answer is read, so calls between services no longer pay a TCP
// handshake each (the gateway chain's four requests each opened one: 42% of the rate
// four hops allow).
//
// Bounded: at most `max_idle_per_origin` idle connections are kept per origin (more
// concurrent requests each get their own connection and close it afterwards), and a
// connection idle for longer than `max_idle` is closed rather than reused: our
// servers close idle connections after 2 s (common::Service), so reusing one near
// that age would race their close.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/upstream_connection.h"

namespace common {

struct PoolLimits {
  std::size_t max_idle_per_origin = 16;
  std::chrono::milliseconds max_idle{1500};
};

class ConnectionPool {
 public:
  using Clock = std::chrono::steady_clock;

  explicit ConnectionPool(PoolLimits limits = {}) : limits_(limits) {}
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // One borrowed connection. Its destructor returns it to the pool when Keep() was called
  // and it can carry another request; otherwise it is closed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    UpstreamConnection& connection() { return *connection_; }
    // It comes with an open connection that served earlier requests: a failure on it
    // may be the server having closed it meanwhile, not the server failing.
    bool reused() const { return reused_; }
    // The exchange completed: the connection may serve the next request.
    void Keep() { keep_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::string origin, std::unique_ptr<UpstreamConnection> connection,
          bool reused)
        : pool_(pool),
          origin_(std::move(origin)),
          connection_(std::move(connection)),
          reused_(reused) {}

    ConnectionPool* pool_;
    std::string origin_;
    std::unique_ptr<UpstreamConnection> connection_;
    bool reused_ = false;
    bool keep_ = false;
  };

  // A connection to `origin` ("http://host:port"): an idle one if there is one (the most
  // recently used, least likely to have been closed), else a new one that connects on
  // first use. `reuse` false: always a new one.
  Lease Acquire(const std::string& origin, bool reuse = true);

  // Closes every idle connection (e.g. before the servers they go to stop: an httplib
  // server waits for its kept-alive connections' next request before it can stop).
  void CloseIdle();

  std::size_t IdleCount(const std::string& origin) const;
  // Connections created since start: for tests and benchmarks.
  std::size_t CreatedCount() const;

  // The pool SendRequest uses: one per process.
  static ConnectionPool& Shared();

 private:
  struct Idle {
    std::unique_ptr<UpstreamConnection> connection;
    Clock::time_point since;
  };
  void Release(const std::string& origin, std::unique_ptr<UpstreamConnection> connection);

  const PoolLimits limits_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<Idle>> idle_;  // per origin, oldest first
  std::size_t created_ = 0;
};

}  // namespace common
