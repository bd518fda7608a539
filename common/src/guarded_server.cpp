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

namespace common {
namespace {

using Clock = std::chrono::steady_clock;

thread_local bool tl_body_over_limit = false;

// How long a worker waits for a kept-alive connection's next request before it
// parks the connection with the waiter.
constexpr std::chrono::microseconds kKeepAliveLinger{2000};

void CloseSocket(socket_t sock) {
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
}

// Best effort: the connection is closed right after.
void SendStatus(socket_t sock, std::string_view status_line, std::string_view message) {
  const std::string body = R"({"error":")" + std::string(message) + "\"}";
  const std::string response =
      "HTTP/1.1 " + std::string(status_line) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body;
  (void)::send(sock, response.data(), response.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

// Where the blank line that ends a head ("\n\r\n" or "\n\n") ends, searching
// from `from`; npos if it is not there yet.
size_t HeadEnd(std::string_view data, size_t from) {
  for (size_t i = data.find('\n', from); i != std::string_view::npos; i = data.find('\n', i + 1)) {
    if (i + 1 < data.size() && data[i + 1] == '\n') return i + 2;
    if (i + 2 < data.size() && data[i + 1] == '\r' && data[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

bool WaitFor(socket_t sock, short events, time_t sec, time_t usec) {
  pollfd fd{sock, events, 0};
  const int timeout_ms = static_cast<int>(sec * 1000 + usec / 1000);
  for (;;) {
    const int ready = ::poll(&fd, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0;
  }
}

void Address(int (*get)(int, sockaddr*, socklen_t*), socket_t sock, std::string& ip, int& port) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (get(sock, reinterpret_cast<sockaddr*>(&address), &length) != 0) return;
  char host[NI_MAXHOST];
  char service[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&address), length, host, sizeof host, service,
                  sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(service);
  }
}

}  // namespace

// A client connection between requests: what was received and not yet parsed.
struct GuardedServer::Connection {
  enum class Fill { kComplete, kNeedMore, kClosed, kTooLarge };

  explicit Connection(socket_t s) : sock(s) {}
  ~Connection() { CloseSocket(sock); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Reads what is there without blocking until the buffer holds a whole head.
  Fill FillHead(size_t max_head_bytes) {
    if (pos > 0) {  // drop what the previous request consumed
      buffer.erase(0, pos);
      scanned = scanned > pos ? scanned - pos : 0;
      pos = 0;
    }
    for (;;) {
      const size_t end = HeadEnd(buffer, scanned);
      if (end != std::string::npos) {
        head_bytes = end;
        return Fill::kComplete;
      }
      // The terminator may straddle what we have and what comes next.
      scanned = buffer.size() >= 2 ? buffer.size() - 2 : 0;
      if (buffer.size() >= max_head_bytes) return Fill::kTooLarge;
      const size_t old = buffer.size();
      buffer.resize(max_head_bytes);
      const ssize_t n = ::recv(sock, buffer.data() + old, max_head_bytes - old, MSG_DONTWAIT);
      buffer.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
      if (n > 0) continue;
      if (n == 0) return Fill::kClosed;
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? Fill::kNeedMore : Fill::kClosed;
    }
  }

  socket_t sock;
  std::string buffer;  // received bytes; [pos, end) not yet given to httplib
  size_t pos = 0;
  size_t scanned = 0;  // buffer prefix known not to hold the end of the head
  size_t head_bytes = 0;
  size_t served = 0;  // requests answered on this connection
  bool idle = false;  // kept alive, no byte of the next request yet
  // httplib asks for both addresses on every request; a kept-alive connection's do not
  // change, so they are looked up once (getpeername/getsockname + getnameinfo).
  bool addresses_known = false;
  std::string remote_ip, local_ip;
  int remote_port = 0, local_port = 0;
  Clock::time_point deadline;
  Clock::time_point parked;
};

// What httplib reads a request from and writes its response to: the buffered
// head first, then the socket, within the request's wire budget and deadline.
class GuardedServer::Stream final : public httplib::Stream {
 public:
  Stream(Connection& connection, size_t budget, Clock::time_point deadline, time_t read_sec,
         time_t read_usec, time_t write_sec, time_t write_usec)
      : c_(connection),
        budget_(budget),
        deadline_(deadline),
        read_sec_(read_sec),
        read_usec_(read_usec),
        write_sec_(write_sec),
        write_usec_(write_usec) {}

  bool is_readable() const override {
    if (!Flush()) return false;
    return c_.pos < c_.buffer.size() || WaitFor(c_.sock, POLLIN, read_sec_, read_usec_);
  }
  bool is_writable() const override { return WaitFor(c_.sock, POLLOUT, write_sec_, write_usec_); }

  ssize_t read(char* ptr, size_t size) override {
    if (!Flush()) return -1;  // e.g. "100 Continue" must be out before the body comes
    if (read_ >= budget_) {
      over_budget_ = true;
      tl_body_over_limit = true;  // read by the error handler of the 400 that follows
      return -1;
    }
    size = std::min(size, budget_ - read_);
    if (c_.pos < c_.buffer.size()) {
      const size_t n = std::min(size, c_.buffer.size() - c_.pos);
      std::memcpy(ptr, c_.buffer.data() + c_.pos, n);
      c_.pos += n;
      read_ += n;
      return static_cast<ssize_t>(n);
    }
    if (Clock::now() >= deadline_) {
      timed_out_ = true;
      return -1;
    }
    if (!WaitFor(c_.sock, POLLIN, read_sec_, read_usec_)) return -1;
    ssize_t n;
    do {
      n = ::recv(c_.sock, ptr, size, 0);
    } while (n < 0 && errno == EINTR);
    if (n > 0) read_ += static_cast<size_t>(n);
    return n;
  }

  // httplib writes an answer's head, then its body: both go out in one send when the
  // answer is complete (Flush, from ServeOne) or before anything is read. With
  // TCP_NODELAY two writes were two segments, and the peer often woke for each (#20).
  // Large bodies are sent as they come.
  ssize_t write(const char* ptr, size_t size) override {
    if (pending_.size() + size <= kCoalesceBytes) {
      pending_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    if (!Flush() || !SendAll(ptr, size)) return -1;
    return static_cast<ssize_t>(size);
  }

  // Sends what write() kept back; false if the connection failed.
  bool Flush() const {
    if (pending_.empty()) return !write_failed_;
    write_failed_ = !SendAll(pending_.data(), pending_.size()) || write_failed_;
    pending_.clear();
    return !write_failed_;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    LookUpAddresses();
    ip = c_.remote_ip;
    port = c_.remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    LookUpAddresses();
    ip = c_.local_ip;
    port = c_.local_port;
  }
  socket_t socket() const override { return c_.sock; }

  bool over_budget() const { return over_budget_; }
  bool timed_out() const { return timed_out_; }

 private:
  static constexpr size_t kCoalesceBytes = 16 * 1024;

  void LookUpAddresses() const {
    if (c_.addresses_known) return;
    Address(::getpeername, c_.sock, c_.remote_ip, c_.remote_port);
    Address(::getsockname, c_.sock, c_.local_ip, c_.local_port);
    c_.addresses_known = true;
  }

  // Blocks for at most the write timeout each time the socket is not writable.
  bool SendAll(const char* ptr, size_t size) const {
    while (size > 0) {
      const ssize_t n = ::send(c_.sock, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        ptr += n;
        size -= static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
                 WaitFor(c_.sock, POLLOUT, write_sec_, write_usec_)) {
        continue;
      } else {
        return false;
      }
    }
    return true;
  }

  Connection& c_;
  mutable std::string pending_;
  mutable bool write_failed_ = false;
  size_t budget_;
  size_t read_ = 0;
  Clock::time_point deadline_;
  time_t read_sec_, read_usec_, write_sec_, write_usec_;
  bool over_budget_ = false;
  bool timed_out_ = false;
};

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
          const bool was_empty = c->buffer.size() == c->pos;
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
              if (c->idle && was_empty && c->buffer.size() > c->pos) {
                c->idle = false;
                c->deadline = now + limits.head_timeout;
              }
              break;
          }
        }
        if (now >= c->deadline) {
          if (!c->idle && c->buffer.size() > c->pos) {
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
        continue;  // a pipelined request may already be buffered
      case Connection::Fill::kNeedMore:
        // A kept-alive client usually sends its next request right after the
        // answer: waiting a moment here saves the hand-off to the waiter and back.
        if (connection->idle && !lingered &&
            WaitFor(connection->sock, POLLIN, 0, kKeepAliveLinger.count())) {
          lingered = true;
          continue;
        }
        if (connection->buffer.size() > connection->pos && connection->idle) {
          connection->idle = false;
          connection->deadline = Clock::now() + limits_.head_timeout;
        }
        connection->parked = Clock::now();
        waiter_->Add(std::move(connection));
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
