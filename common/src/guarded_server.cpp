#include "common/guarded_server.h"

#include <netdb.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "guarded_connection.h"

namespace common {
namespace {

using namespace guarded_detail;

// How long a worker waits for a kept-alive connection's next request before it
// parks the connection with the waiter.
constexpr std::chrono::microseconds kKeepAliveLinger{2000};

// Best effort: the connection is closed right after.
void SendStatus(socket_t sock, std::string_view status_line, std::string_view message) {
  const std::string body = R"({"error":")" + std::string(message) + "\"}";
  const std::string response =
      "HTTP/1.1 " + std::string(status_line) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body;
  (void)::send(sock, response.data(), response.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

}  // namespace

// One thread that holds every connection waiting for (the rest of) a request
// head, polls them all, and hands a connection to a worker once its head is
// complete. Its only state per connection is the received bytes (at most
// max_head_bytes).
class GuardedServer::Waiter {
 public:
  explicit Waiter(GuardedServer& server) : server_(server), wake_(::eventfd(0, EFD_CLOEXEC)) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~Waiter() {
    Stop();
    ::close(wake_);
  }

  void Add(std::shared_ptr<Connection> connection) {
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;  // the connection closes as it goes out of scope
      incoming_.push_back(std::move(connection));
    }
    Wake();
  }

  // Closes every waiting connection and joins the thread (idempotent).
  void Stop() {
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
    }
    Wake();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Wake() {
    const uint64_t one = 1;
    (void)!::write(wake_, &one, sizeof one);
  }

  void Loop() {
    std::vector<std::shared_ptr<Connection>> waiting;
    std::vector<pollfd> fds;
    const GuardLimits& limits = server_.limits_;
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (stopped_) break;
        for (auto& c : incoming_) waiting.push_back(std::move(c));
        incoming_.clear();
      }
      // Too many waiting: the ones parked longest go first (a slow-header attack's).
      if (waiting.size() > limits.max_waiting_connections) {
        std::sort(waiting.begin(), waiting.end(),
                  [](const auto& a, const auto& b) { return a->parked < b->parked; });
        const size_t excess = waiting.size() - limits.max_waiting_connections;
        server_.counters_.waiting_dropped += excess;
        waiting.erase(waiting.begin(), waiting.begin() + static_cast<ptrdiff_t>(excess));
      }
      fds.assign(1, pollfd{wake_, POLLIN, 0});
      auto next_deadline = Clock::now() + std::chrono::seconds(1);
      for (const auto& c : waiting) {
        fds.push_back(pollfd{c->sock, POLLIN, 0});
        next_deadline = std::min(next_deadline, c->deadline);
      }
      const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next_deadline - Clock::now());
      if (::poll(fds.data(), fds.size(), static_cast<int>(std::max<int64_t>(wait.count(), 0))) <
              0 &&
          errno != EINTR) {
        break;
      }
      if (fds[0].revents != 0) {
        uint64_t count;
        (void)!::read(wake_, &count, sizeof count);
      }
      const auto now = Clock::now();
      std::vector<std::shared_ptr<Connection>> still_waiting;
      still_waiting.reserve(waiting.size());
      for (size_t i = 0; i < waiting.size(); ++i) {
        auto& c = waiting[i];
        if (fds[i + 1].revents != 0) {
          const bool was_empty = c->filled == c->pos;
          switch (c->FillHead(limits.max_head_bytes)) {
            case Connection::Fill::kComplete:
              server_.Dispatch(std::move(c));
              continue;
            case Connection::Fill::kClosed:
              continue;
            case Connection::Fill::kTooLarge:
              ++server_.counters_.heads_too_large;
              SendStatus(c->sock, "431 Request Header Fields Too Large",
                         "Request header fields too large");
              continue;
            case Connection::Fill::kNeedMore:
              // The first byte of a kept-alive connection's next request starts
              // its head's clock.
              if (c->idle && was_empty && c->filled > c->pos) {
                c->idle = false;
                c->deadline = now + limits.head_timeout;
              }
              break;
          }
        }
        if (now >= c->deadline) {
          if (!c->idle && c->filled > c->pos) {
            ++server_.counters_.heads_timed_out;
            SendStatus(c->sock, "408 Request Timeout", "Request head not received in time");
          }
          continue;
        }
        still_waiting.push_back(std::move(c));
      }
      waiting.swap(still_waiting);
    }
    std::lock_guard lock(mutex_);
    incoming_.clear();
  }

  GuardedServer& server_;
  int wake_;
  std::mutex mutex_;
  bool stopped_ = false;
  std::vector<std::shared_ptr<Connection>> incoming_;
  std::thread thread_;
};

// httplib's task queue for the server: a thread pool whose shutdown first stops
// the waiter (closing the connections that wait for a head).
class GuardedServer::Queue final : public httplib::TaskQueue {
 public:
  Queue(GuardedServer& server, size_t threads) : server_(server), pool_(threads) {}
  void enqueue(std::function<void()> fn) override { pool_.enqueue(std::move(fn)); }
  void shutdown() override {
    server_.waiter_->Stop();
    pool_.shutdown();
    server_.queue_ = nullptr;
  }

 private:
  GuardedServer& server_;
  httplib::ThreadPool pool_;
};

GuardedServer::GuardedServer(GuardLimits limits) : limits_(limits) {
  new_task_queue = [this]() -> httplib::TaskQueue* {
    waiter_ = std::make_unique<Waiter>(*this);
    auto* queue = new Queue(*this, limits_.worker_threads);
    queue_ = queue;
    return queue;
  };
}

GuardedServer::~GuardedServer() {
  if (waiter_) waiter_->Stop();
}

int GuardedServer::Bind(const std::string& host, int port) {
  int bound = 0;
  if (port == 0) {
    bound = std::max(bind_to_any_port(host), 0);
  } else if (bind_to_port(host, port)) {
    bound = port;
  }
  // Listening again on the bound socket only changes the backlog.
  if (bound != 0) ::listen(svr_sock_, limits_.listen_backlog);
  return bound;
}

bool GuardedServer::BodyOverLimit() {
  return tl_body_over_limit;
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  auto connection = std::make_shared<Connection>(sock);
  connection->deadline = Clock::now() + limits_.head_timeout;
  Serve(std::move(connection));
  return true;
}

void GuardedServer::Dispatch(std::shared_ptr<Connection> connection) {
  Queue* queue = queue_.load();
  if (queue == nullptr) return;  // stopping: the connection closes
  queue->enqueue(
      [this, connection = std::move(connection)]() mutable { Serve(std::move(connection)); });
}

void GuardedServer::Serve(std::shared_ptr<Connection> connection) {
  bool lingered = false;
  for (;;) {
    if (svr_sock_ == INVALID_SOCKET) return;  // stopped: close
    switch (connection->FillHead(limits_.max_head_bytes)) {
      case Connection::Fill::kComplete:
        if (!ServeOne(*connection)) return;
        lingered = false;
        connection->idle = true;
        connection->deadline =
            Clock::now() + std::chrono::seconds(std::max<time_t>(keep_alive_timeout_sec_, 1));
        // Nothing pipelined behind that request (the usual case): its client is reading
        // the answer now, so a recv would only say "nothing yet". Wait for the next
        // request first: one system call fewer per request (#20).
        if (connection->pos == connection->filled &&
            !WaitFor(connection->sock, POLLIN, 0, kKeepAliveLinger.count())) {
          Park(std::move(connection));
          return;
        }
        lingered = true;
        continue;  // the next request has begun (or was already buffered)
      case Connection::Fill::kNeedMore:
        // A kept-alive client usually sends its next request right after the
        // answer: waiting a moment here saves the hand-off to the waiter and back.
        if (connection->idle && !lingered &&
            WaitFor(connection->sock, POLLIN, 0, kKeepAliveLinger.count())) {
          lingered = true;
          continue;
        }
        Park(std::move(connection));
        return;
      case Connection::Fill::kTooLarge:
        ++counters_.heads_too_large;
        SendStatus(connection->sock, "431 Request Header Fields Too Large",
                   "Request header fields too large");
        return;
      case Connection::Fill::kClosed:
        return;
    }
  }
}

void GuardedServer::Park(std::shared_ptr<Connection> connection) {
  if (connection->filled > connection->pos && connection->idle) {
    connection->idle = false;
    connection->deadline = Clock::now() + limits_.head_timeout;
  }
  connection->parked = Clock::now();
  waiter_->Add(std::move(connection));
}

bool GuardedServer::ServeOne(Connection& connection) {
  const size_t budget = connection.head_bytes + 2 * payload_max_length_ + 4096;
  Stream stream(connection, budget, Clock::now() + limits_.body_timeout, read_timeout_sec_,
                read_timeout_usec_, write_timeout_sec_, write_timeout_usec_);
  const bool last = connection.served + 1 >= keep_alive_max_count_;
  bool connection_closed = false;
  // httplib answers a body it could not read with 400 (and calls the error
  // handler while writing it); the flag lets that handler say 413 instead.
  struct FlagReset {
    ~FlagReset() { tl_body_over_limit = false; }
  } reset;
  tl_body_over_limit = false;
  bool ok = process_request(stream, last, connection_closed, nullptr);
  ok = stream.Flush() && ok;  // the answer goes out even when httplib gave up on the request
  if (stream.over_budget()) ++counters_.bodies_over_limit;
  ++connection.served;
  return ok && !last && !connection_closed && !stream.over_budget() && !stream.timed_out();
}

}  // namespace common
