#include "plain_connection.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>

#include "http_head_end.h"

namespace common {
namespace {

constexpr std::size_t kMaxHeadBytes = 64 * 1024;
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr std::size_t kKeptBufferBytes = 256 * 1024;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

bool ContainsIgnoringCase(std::string_view text, std::string_view word) {
  for (std::size_t i = 0; i + word.size() <= text.size(); ++i)
    if (EqualsIgnoringCase(text.substr(i, word.size()), word)) return true;
  return false;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

// A response head: "HTTP/1.x SSS reason" and the headers its framing depends on.
struct Head {
  int status = 0;
  bool http10 = false;
  std::optional<std::size_t> content_length;
  bool chunked = false;
  bool close = false;
  bool keep_alive = false;  // an HTTP/1.0 answer asked to keep the connection
  std::string_view content_type;
};

std::optional<Head> ParseHead(std::string_view head) {
  Head parsed;
  std::size_t line_end = head.find('\n');
  const std::string_view status_line = Trim(head.substr(0, line_end));
  // "HTTP/1.1 200" at least.
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." ||
      (status_line[7] != '0' && status_line[7] != '1') || status_line[8] != ' ')
    return std::nullopt;
  parsed.http10 = status_line[7] == '0';
  const char* digits = status_line.data() + 9;
  if (std::from_chars(digits, digits + 3, parsed.status).ptr != digits + 3 || parsed.status < 100 ||
      parsed.status > 999 || (status_line.size() > 12 && status_line[12] != ' '))
    return std::nullopt;

  while (line_end != std::string_view::npos && line_end + 1 < head.size()) {
    const std::size_t start = line_end + 1;
    line_end = head.find('\n', start);
    const std::string_view line =
        Trim(head.substr(start, line_end == std::string_view::npos ? line_end : line_end - start));
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsIgnoringCase(name, "content-length")) {
      std::size_t length = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
      if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
      // Two different lengths: which one frames the body is anyone's guess (smuggling).
      if (parsed.content_length && *parsed.content_length != length) return std::nullopt;
      parsed.content_length = length;
    } else if (EqualsIgnoringCase(name, "transfer-encoding")) {
      parsed.chunked = ContainsIgnoringCase(value, "chunked");
    } else if (EqualsIgnoringCase(name, "connection")) {
      parsed.close = parsed.close || ContainsIgnoringCase(value, "close");
      parsed.keep_alive = parsed.keep_alive || ContainsIgnoringCase(value, "keep-alive");
    } else if (EqualsIgnoringCase(name, "content-type")) {
      parsed.content_type = value;
    }
  }
  return parsed;
}

enum class Chunks { kDone, kNeedMore, kMalformed };

// Goes on decoding a chunked body in `data` (which starts where the body starts) from
// `pos`, appending each complete chunk to `body` and moving `pos` past it: each byte is
// decoded once however the answer is split into reads. kDone leaves `pos` at the end of
// the body on the wire (after the trailers).
Chunks DecodeChunks(std::string_view data, std::size_t& pos, std::string& body) {
  for (;;) {
    const std::size_t line_end = data.find('\n', pos);
    if (line_end == std::string_view::npos)
      return data.size() - pos > 1024 ? Chunks::kMalformed : Chunks::kNeedMore;
    std::string_view size_text = Trim(data.substr(pos, line_end - pos));
    size_text = size_text.substr(0, size_text.find(';'));  // chunk extensions
    std::size_t size = 0;
    const auto [end, error] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (size_text.empty() || error != std::errc() || end != size_text.data() + size_text.size() ||
        size > kMaxResponseBytes)
      return Chunks::kMalformed;
    if (size == 0) {  // the last chunk; then trailer lines up to an empty one
      for (std::size_t at = line_end + 1;;) {
        const std::size_t trailer_end = data.find('\n', at);
        if (trailer_end == std::string_view::npos)
          return data.size() - pos > kMaxHeadBytes ? Chunks::kMalformed : Chunks::kNeedMore;
        const bool empty = Trim(data.substr(at, trailer_end - at)).empty();
        at = trailer_end + 1;
        if (empty) {
          pos = at;
          return Chunks::kDone;
        }
      }
    }
    const std::size_t data_start = line_end + 1;
    if (data.size() - data_start < size + 2) return Chunks::kNeedMore;
    std::size_t after = data_start + size;
    if (data[after] == '\r') ++after;
    if (data[after] != '\n') return Chunks::kMalformed;
    body.append(data.substr(data_start, size));
    pos = after + 1;
  }
}

}  // namespace

PlainConnection::PlainConnection(std::string host, int port) : port_(port) {
  authority_ = host + ":" + std::to_string(port);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  host_ = std::move(host);
}

PlainConnection::~PlainConnection() {
  Close();
}

void PlainConnection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  reusable_ = false;
  io_timeout_ = std::chrono::milliseconds(-1);
}

httplib::Error PlainConnection::Connect(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(port_);
  if (::getaddrinfo(host_.c_str(), port.c_str(), &hints, &found) != 0)
    return httplib::Error::Connection;
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  for (const addrinfo* address = found; address != nullptr; address = address->ai_next) {
    const int fd =
        ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) continue;
    int result = ::connect(fd, address->ai_addr, address->ai_addrlen);
    if (result != 0 && errno == EINPROGRESS) {
      pollfd waiting{fd, POLLOUT, 0};
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      do {
        result = ::poll(&waiting, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
      } while (result < 0 && errno == EINTR);
      if (result == 0) {
        ::close(fd);
        return httplib::Error::ConnectionTimeout;
      }
      int socket_error = 0;
      socklen_t length = sizeof socket_error;
      result = result > 0 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &socket_error, &length) == 0 &&
                       socket_error == 0
                   ? 0
                   : -1;
    }
    if (result != 0) {
      ::close(fd);
      continue;
    }
    // Blocking from here on: a request is one send and (usually) one recv, each bounded
    // by the socket's timeouts, with no poll before either.
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    // Without it small requests on a kept-alive connection wait for delayed ACKs (~40 ms).
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fd_ = fd;
    return httplib::Error::Success;
  }
  return httplib::Error::Connection;
}

bool PlainConnection::StillOpen() const {
  char byte;
  const ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
}

bool PlainConnection::SetIoTimeout(std::chrono::milliseconds timeout) {
  timeout = std::max(timeout, std::chrono::milliseconds(1));
  if (timeout == io_timeout_) return true;
  const timeval value{static_cast<time_t>(timeout.count() / 1000),
                      static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  if (::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &value, sizeof value) != 0 ||
      ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &value, sizeof value) != 0)
    return false;
  io_timeout_ = timeout;
  return true;
}

bool PlainConnection::SendAll(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool PlainConnection::Receive(Clock::time_point deadline, bool& too_large) {
  const std::size_t old = filled_;
  if (old >= kMaxResponseBytes) {
    too_large = true;
    return false;
  }
  // A recv may not wait past the answer's deadline. The first one of an answer has the
  // whole read timeout (the socket's); a later one, once a tenth of it has gone, gets
  // what is left (two setsockopt calls, so not on every answer).
  const auto left = std::chrono::floor<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  if (left < io_timeout_ * 9 / 10 && !SetIoTimeout(left)) return false;
  const std::size_t chunk = std::min(kReadChunk, kMaxResponseBytes - old);
  // Grown, never shrunk within an answer: growing a std::string zero-fills what it adds,
  // and growing by 16 KiB for each read, then shrinking, wrote 16 KiB of zeros per call
  // (callgrind, #20).
  if (buffer_.size() < old + chunk) buffer_.resize(old + chunk);
  ssize_t n;
  do {
    n = ::recv(fd_, buffer_.data() + old, chunk, 0);
  } while (n < 0 && errno == EINTR);
  if (n > 0) filled_ += static_cast<std::size_t>(n);
  return n > 0 && Clock::now() < deadline;
}

httplib::Error PlainConnection::ReadResponse(bool head_request, Clock::time_point deadline,
                                             HttpResponse& out, bool& too_large) {
  // A buffer a large answer grew is not kept for the small ones that follow.
  if (buffer_.size() > kKeptBufferBytes) std::string().swap(buffer_);
  filled_ = 0;
  std::optional<Head> head;
  std::size_t head_end = 0;
  for (;;) {
    std::size_t scanned = 0;  // searched already: a head trickling in is searched once
    while ((head_end = HttpHeadEnd(Received(), scanned)) == std::string::npos) {
      if (filled_ > kMaxHeadBytes) {
        too_large = true;
        return httplib::Error::Read;
      }
      scanned = filled_ >= 2 ? filled_ - 2 : 0;
      if (!Receive(deadline, too_large)) return httplib::Error::Read;
    }
    head = ParseHead(Received().substr(0, head_end));
    if (!head) return httplib::Error::Read;
    if (head->status >= 200 || head->status == 101) break;
    // 100 Continue, 103 Early Hints: the answer follows.
    std::memmove(buffer_.data(), buffer_.data() + head_end, filled_ - head_end);
    filled_ -= head_end;
  }
  out.status = head->status;
  out.content_type.assign(head->content_type);
  // After 101 Switching Protocols the connection no longer speaks HTTP/1.1.
  bool reusable = !head->close && (!head->http10 || head->keep_alive) && head->status != 101;

  std::size_t end = head_end;  // where this response ends in Received()
  if (head_request || head->status == 204 || head->status == 304 || head->status < 200) {
    out.body.clear();
  } else if (head->chunked) {
    out.body.clear();
    std::size_t pos = 0;  // in the body, past the chunks decoded so far
    for (;;) {
      const Chunks state = DecodeChunks(Received().substr(head_end), pos, out.body);
      if (state == Chunks::kMalformed) return httplib::Error::Read;
      if (state == Chunks::kDone) break;
      if (!Receive(deadline, too_large)) return httplib::Error::Read;
    }
    end = head_end + pos;
  } else if (head->content_length) {
    if (*head->content_length > kMaxResponseBytes - head_end) {
      too_large = true;
      return httplib::Error::Read;
    }
    end = head_end + *head->content_length;
    while (filled_ < end)
      if (!Receive(deadline, too_large)) return httplib::Error::Read;
    out.body.assign(Received().substr(head_end, *head->content_length));
  } else {  // the body runs to the end of the connection
    while (Receive(deadline, too_large)) {
    }
    if (too_large || Clock::now() >= deadline) return httplib::Error::Read;
    out.body.assign(Received().substr(head_end));
    end = filled_;
    reusable = false;
  }
  // Bytes after the answer were never asked for: the connection's state is unknown.
  reusable_ = reusable && filled_ == end;
  return httplib::Error::Success;
}

Exchange PlainConnection::Send(std::string_view method, std::string_view target,
                               const std::vector<std::pair<std::string, std::string>>& headers,
                               const HttpTimeouts& timeouts) {
  Exchange exchange;
  // A line break would end a header early and let a value add its own (injection): such a
  // request is refused before anything connects or goes out.
  for (const auto& [name, value] : headers) {
    if (name.empty() || name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      exchange.error = httplib::Error::Write;
      return exchange;
    }
  }
  // A kept-alive connection the server has closed since (its idle timeout): start over
  // on a new one rather than fail this request.
  if (fd_ >= 0 && (!reusable_ || !StillOpen())) Close();
  if (fd_ < 0) {
    exchange.error = Connect(timeouts.connect);
    if (exchange.error != httplib::Error::Success) return exchange;
  }
  reusable_ = false;  // until an answer is read in full

  request_.clear();
  request_.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ");
  request_.append(authority_).append("\r\n");
  for (const auto& [name, value] : headers)
    request_.append(name).append(": ").append(value).append("\r\n");
  if (method == "POST" || method == "PUT") request_.append("Content-Length: 0\r\n");
  request_.append("\r\n");

  const Clock::time_point deadline = Clock::now() + timeouts.read;
  if (!SetIoTimeout(timeouts.read) || !SendAll(request_)) {
    Close();
    exchange.error = httplib::Error::Write;
    return exchange;
  }
  exchange.error = ReadResponse(method == "HEAD", deadline, exchange.response, exchange.too_large);
  exchange.ok = exchange.error == httplib::Error::Success;
  if (!exchange.ok || !reusable_) Close();
  return exchange;
}

}  // namespace common
