// cpp-httplib's server with bounded request reading (issue #19).
//
// Debian's cpp-httplib 0.11 reads a request head line by line with a timeout per
// read, not per head, keeps any number of header lines, reads a chunked body in
// full before the payload limit applies, and holds a worker thread for every
// connection, idle or trickling. GuardedServer keeps httplib's routing, parsing
// and responses but owns the connections (httplib lets a subclass replace
// process_and_close_socket and call the protected process_request):
//
//  - A request head is collected by one waiter thread (poll over every waiting
//    connection) until its blank line arrives, and only then handed to a worker:
//    slow or idle connections never hold a worker. A head must be complete within
//    head_timeout (total, not per read) and max_head_bytes, else 408 / 431 and close.
//  - The body is read by the worker through a stream that stops after
//    2 x payload_max_length + 4 KiB on the wire (chunk framing included) or
//    body_timeout: a chunked body cannot grow past the limit before the 413.
//  - At most max_waiting_connections wait for a head; beyond that the oldest goes.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace common {

struct GuardLimits {
  size_t max_head_bytes = 16 * 1024;  // request line + headers (Node's default)
  std::chrono::milliseconds head_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  size_t max_waiting_connections = 1024;
  size_t worker_threads = 32;
  int listen_backlog = 512;  // httplib listens with 5
};

class GuardedServer : public httplib::Server {
 public:
  explicit GuardedServer(GuardLimits limits = {});
  ~GuardedServer() override;
  GuardedServer(const GuardedServer&) = delete;
  GuardedServer& operator=(const GuardedServer&) = delete;

  // Binds like bind_to_port / bind_to_any_port (port 0), then raises the listen
  // backlog. Returns the bound port, or 0 if it cannot bind.
  int Bind(const std::string& host, int port);

  const GuardLimits& limits() const { return limits_; }

  // True while an error response is being written for a request whose body went
  // over the wire budget (httplib reports that as 400; error handlers answer 413).
  static bool BodyOverLimit();

  struct Counters {
    std::atomic<uint64_t> heads_timed_out{0};
    std::atomic<uint64_t> heads_too_large{0};
    std::atomic<uint64_t> waiting_dropped{0};
    std::atomic<uint64_t> bodies_over_limit{0};
  };
  const Counters& counters() const { return counters_; }

  struct Connection;

 private:
  class Waiter;
  class Queue;
  class Stream;

  bool process_and_close_socket(socket_t sock) override;
  // Serves requests whose heads are complete; parks the connection with the
  // waiter when the next head is not there yet. Runs on a worker.
  void Serve(std::shared_ptr<Connection> connection);
  // One request whose head is complete. False when the connection must close.
  bool ServeOne(Connection& connection);
  void Dispatch(std::shared_ptr<Connection> connection);
  // Hands a connection waiting for (the rest of) its next head to the waiter thread.
  void Park(std::shared_ptr<Connection> connection);

  GuardLimits limits_;
  Counters counters_;
  std::unique_ptr<Waiter> waiter_;
  std::atomic<Queue*> queue_{nullptr};
};

}  // namespace common
