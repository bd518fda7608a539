// One connection from a service to an upstream origin, kept alive between requests
// (issue #20). ConnectionPool lends them out; SendRequest sends one request on one.
//
// Two kinds, chosen by the origin's scheme (MakeUpstreamConnection):
//  - http://  : our own HTTP/1.1 exchange on a blocking socket (plain_connection.cpp).
//    cpp-httplib 0.11's client made six system calls per request (three polls, send,
//    poll, recv); this one makes three (a non-blocking peek at a reused connection,
//    send, recv). SendRequest costs its caller 28-31 µs of CPU per call on loopback
//    against httplib's 38-42 µs (common-benchmarks; docs/performance.md, "Second pass").
//    Calls between our services are all plain HTTP, and they are the chain's hot path.
//  - https:// : cpp-httplib's client (TLS through OpenSSL), for Nominatim.
#pragma once

#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/http_client.h"

namespace common {

// What one exchange on a connection gave: a response, or the transport error
// (httplib's vocabulary, which error.type and the 502/504 mapping are written in).
struct Exchange {
  bool ok = false;
  HttpResponse response;                           // when ok
  httplib::Error error = httplib::Error::Unknown;  // when !ok
  // The answer went over the size limit (kMaxResponseBytes): never retried.
  bool too_large = false;
};

// The most a response (head and body) may take; an upstream sending more is cut off,
// rather than filling the service's memory.
inline constexpr std::size_t kMaxResponseBytes = 16 * 1024 * 1024;

class UpstreamConnection {
 public:
  virtual ~UpstreamConnection() = default;
  // Sends `method target` with `headers` (and an empty body for POST) and reads the
  // answer, within `timeouts`: connecting first if the connection is not open.
  virtual Exchange Send(std::string_view method, std::string_view target,
                        const std::vector<std::pair<std::string, std::string>>& headers,
                        const HttpTimeouts& timeouts) = 0;
  // Open and in a state to carry the next request (the last answer was read in full
  // and did not ask to close).
  virtual bool Reusable() const = 0;
};

// A connection (not yet connected) to `origin`, "http://host:port" or "https://host:port"
// (UrlParts::origin).
std::unique_ptr<UpstreamConnection> MakeUpstreamConnection(const std::string& origin);

}  // namespace common
