// A raw HTTP/1.1 server on loopback for client tests: it counts accepted connections and
// runs `serve` on each (with its index), one connection at a time, so a test writes
// exactly the bytes an upstream sends, malformed ones included.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

namespace testsupport {

class RawServer {
 public:
  using Serve = std::function<void(int fd, int index)>;
  explicit RawServer(Serve serve) : serve_(std::move(serve)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 8);
    socklen_t length = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      while (!stopping_) {
        pollfd fd{listener_, POLLIN, 0};
        if (::poll(&fd, 1, 20) <= 0) continue;
        int connection = ::accept(listener_, nullptr, nullptr);
        if (connection < 0) continue;
        serve_(connection, accepted_++);
      }
    });
  }
  ~RawServer() {
    stopping_ = true;
    thread_.join();
    ::close(listener_);
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int accepted() const { return accepted_.load(); }

  // Reads one request head (and nothing more: the tests send no bodies) into `head`
  // when given; false at EOF.
  static bool ReadHead(int fd, std::string* head = nullptr) {
    std::string read;
    char c;
    while (read.find("\r\n\r\n") == std::string::npos) {
      if (::recv(fd, &c, 1, 0) != 1) return false;
      read += c;
    }
    if (head != nullptr) *head = std::move(read);
    return true;
  }
  static void Answer(int fd, bool close) {
    const std::string answer = std::string("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n") +
                               (close ? "Connection: close\r\n" : "") +
                               "Content-Length: 2\r\n\r\nok";
    (void)::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
  }

 private:
  Serve serve_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> accepted_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// Sends all of `bytes` (best effort: a test's peer may have gone).
inline void SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace testsupport
