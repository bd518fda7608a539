// Internal to guarded_server.cpp (split out for its size): a client connection between
// requests, and the httplib::Stream a request is read from and answered on.
#pragma once

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <string_view>

#include "common/guarded_server.h"
#include "http_head_end.h"

namespace common {
namespace guarded_detail {

using Clock = std::chrono::steady_clock;

// Set by Stream::read when a body exceeds its budget; read by BodyOverLimit().
inline thread_local bool tl_body_over_limit = false;

inline void CloseSocket(socket_t sock) {
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
}

inline bool WaitFor(socket_t sock, short events, time_t sec, time_t usec) {
  pollfd fd{sock, events, 0};
  const int timeout_ms = static_cast<int>(sec * 1000 + usec / 1000);
  for (;;) {
    const int ready = ::poll(&fd, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0;
  }
}

inline void Address(int (*get)(int, sockaddr*, socklen_t*), socket_t sock, std::string& ip,
                    int& port) {
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

}  // namespace guarded_detail

// A client connection between requests: what was received and not yet parsed.
struct GuardedServer::Connection {
  enum class Fill { kComplete, kNeedMore, kClosed, kTooLarge };

  explicit Connection(socket_t s) : sock(s) {}
  ~Connection() { guarded_detail::CloseSocket(sock); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Reads what is there without blocking until the buffer holds a whole head.
  Fill FillHead(size_t max_head_bytes) {
    if (pos > 0) {  // drop what the previous request consumed
      std::memmove(buffer.data(), buffer.data() + pos, filled - pos);
      filled -= pos;
      scanned = scanned > pos ? scanned - pos : 0;
      pos = 0;
    }
    // Sized once per connection: growing a std::string zero-fills what it adds, and
    // growing it for each read and shrinking it after wrote 16 KiB of zeros per request
    // (callgrind: a fifth of the gateway's instructions were that memset, #20).
    if (buffer.size() < max_head_bytes) buffer.resize(max_head_bytes);
    for (;;) {
      const size_t end = HttpHeadEnd(std::string_view(buffer.data(), filled), scanned);
      if (end != std::string::npos) {
        head_bytes = end;
        return Fill::kComplete;
      }
      // The terminator may straddle what we have and what comes next.
      scanned = filled >= 2 ? filled - 2 : 0;
      if (filled >= max_head_bytes) return Fill::kTooLarge;
      const ssize_t n = ::recv(sock, buffer.data() + filled, max_head_bytes - filled, MSG_DONTWAIT);
      if (n > 0) {
        filled += static_cast<size_t>(n);
        continue;
      }
      if (n == 0) return Fill::kClosed;
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? Fill::kNeedMore : Fill::kClosed;
    }
  }

  socket_t sock;
  std::string buffer;  // storage for received bytes (max_head_bytes, allocated once)
  size_t filled = 0;   // bytes received into it; [pos, filled) not yet given to httplib
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
  guarded_detail::Clock::time_point deadline;
  guarded_detail::Clock::time_point parked;
};

// What httplib reads a request from and writes its response to: the buffered
// head first, then the socket, within the request's wire budget and deadline.
class GuardedServer::Stream final : public httplib::Stream {
 public:
  Stream(Connection& connection, size_t budget, guarded_detail::Clock::time_point deadline,
         time_t read_sec, time_t read_usec, time_t write_sec, time_t write_usec)
      : c_(connection),
        budget_(budget),
        deadline_(deadline),
        read_sec_(read_sec),
        read_usec_(read_usec),
        write_sec_(write_sec),
        write_usec_(write_usec) {}

  bool is_readable() const override {
    if (!Flush()) return false;
    return c_.pos < c_.filled || guarded_detail::WaitFor(c_.sock, POLLIN, read_sec_, read_usec_);
  }
  bool is_writable() const override {
    return guarded_detail::WaitFor(c_.sock, POLLOUT, write_sec_, write_usec_);
  }

  ssize_t read(char* ptr, size_t size) override {
    // httplib reads a request's head one byte per call: those are served straight from
    // the buffer, and the rest (ReadMore) is a call of its own, so that this path does
    // not save and restore the registers that one needs.
    if (size == 1 && c_.pos < c_.filled && read_ < budget_ && pending_.empty() && !write_failed_) {
      *ptr = c_.buffer[c_.pos++];
      ++read_;
      return 1;
    }
    return ReadMore(ptr, size);
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

  // read() for everything but a buffered byte.
  [[gnu::noinline]] ssize_t ReadMore(char* ptr, size_t size) {
    if (!Flush()) return -1;  // e.g. "100 Continue" must be out before the body comes
    if (read_ >= budget_) {
      over_budget_ = true;
      guarded_detail::tl_body_over_limit =
          true;  // read by the error handler of the 400 that follows
      return -1;
    }
    size = std::min(size, budget_ - read_);
    if (c_.pos < c_.filled) {
      const size_t n = std::min(size, c_.filled - c_.pos);
      std::memcpy(ptr, c_.buffer.data() + c_.pos, n);
      c_.pos += n;
      read_ += n;
      return static_cast<ssize_t>(n);
    }
    if (guarded_detail::Clock::now() >= deadline_) {
      timed_out_ = true;
      return -1;
    }
    if (!guarded_detail::WaitFor(c_.sock, POLLIN, read_sec_, read_usec_)) return -1;
    ssize_t n;
    do {
      n = ::recv(c_.sock, ptr, size, 0);
    } while (n < 0 && errno == EINTR);
    if (n > 0) read_ += static_cast<size_t>(n);
    return n;
  }

  void LookUpAddresses() const {
    if (c_.addresses_known) return;
    guarded_detail::Address(::getpeername, c_.sock, c_.remote_ip, c_.remote_port);
    guarded_detail::Address(::getsockname, c_.sock, c_.local_ip, c_.local_port);
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
                 guarded_detail::WaitFor(c_.sock, POLLOUT, write_sec_, write_usec_)) {
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
  guarded_detail::Clock::time_point deadline_;
  time_t read_sec_, read_usec_, write_sec_, write_usec_;
  bool over_budget_ = false;
  bool timed_out_ = false;
};

}  // namespace common
