// Internal to service_common: an http:// upstream connection (see upstream_connection.h).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/upstream_connection.h"

namespace common {

class PlainConnection final : public UpstreamConnection {
 public:
  // `host` as written in the URL (a name or an address; "[::1]" for IPv6), `port` its port.
  PlainConnection(std::string host, int port);
  ~PlainConnection() override;
  PlainConnection(const PlainConnection&) = delete;
  PlainConnection& operator=(const PlainConnection&) = delete;

  Exchange Send(std::string_view method, std::string_view target,
                const std::vector<std::pair<std::string, std::string>>& headers,
                const HttpTimeouts& timeouts) override;
  bool Reusable() const override { return fd_ >= 0 && reusable_; }

 private:
  using Clock = std::chrono::steady_clock;

  // Connects within `timeout`; on failure returns the error (Connection or
  // ConnectionTimeout).
  httplib::Error Connect(std::chrono::milliseconds timeout);
  // True when a connection that served earlier requests is still usable: nothing to read
  // on it (a server that closed it left an end-of-file; nothing else may be there).
  bool StillOpen() const;
  void Close();
  // Socket send/receive timeouts (set only when they change: one system call each).
  bool SetIoTimeout(std::chrono::milliseconds timeout);
  bool SendAll(std::string_view data);
  // Reads one response into `out`. Returns Success or the error; sets `too_large`.
  httplib::Error ReadResponse(bool head_request, Clock::time_point deadline, HttpResponse& out,
                              bool& too_large);
  // Appends what the socket has (blocking up to the receive timeout) to `Received()`.
  // False at end of file, on error or past the deadline.
  bool Receive(Clock::time_point deadline, bool& too_large);
  // The bytes of this answer received so far.
  std::string_view Received() const { return {buffer_.data(), filled_}; }

  std::string host_;       // for connecting ("[::1]" without the brackets)
  std::string authority_;  // the Host header: "host:port"
  int port_;
  int fd_ = -1;
  bool reusable_ = false;
  std::chrono::milliseconds io_timeout_{-1};
  std::string buffer_;      // storage for received bytes; reused between requests
  std::size_t filled_ = 0;  // bytes of this answer received into it
  std::string request_;     // the request being sent; reused between requests
};

}  // namespace common
