// The one way our services call other HTTP services. Every outgoing call goes
// through SendRequest, with connect/read timeouts, and through the client
// interceptors (where telemetry adds a client span and trace headers).
// Transport trouble becomes an UpstreamFailure with the HTTP status a service
// should answer: 502 (unreachable, broken answer) or 504 (too slow), and the
// cause's class for telemetry's error.type.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/url.h"

namespace common {

struct HttpTimeouts {
  std::chrono::milliseconds connect{2000};
  std::chrono::milliseconds read{5000};
};

// Timeouts for an upstream whose whole answer may take `seconds`: the connect
// timeout is the smaller of 2 s and that.
HttpTimeouts TimeoutsFor(double seconds);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // base URL, e.g. "http://127.0.0.1:5001" or ".../iss-now.json"
  QueryParams query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string peer_name;  // who we call, for messages: "geolocator-service"
  HttpTimeouts timeouts;
};

struct HttpResponse {
  int status = 0;
  std::string body;
  std::string content_type;
};

struct UpstreamFailure {
  // A constructor (not an aggregate) so `UpstreamFailure{502, "why"}` stays complete.
  UpstreamFailure(int status_code = 502, std::string why = {}, std::string cause = {})
      : status(status_code), message(std::move(why)), error_type(std::move(cause)) {}

  int status = 502;  // 502 Bad Gateway or 504 Gateway Timeout
  std::string message;
  // What went wrong on the wire, a low-cardinality class for the CLIENT span's and
  // metric's `error.type` (the HTTP semantic conventions): "timeout" (no answer within
  // the read timeout), "connection_timeout", "connection_failed" (refused, unreachable),
  // "read_error" (connection dropped, or an answer that is not HTTP), "write_error",
  // "invalid_url", "response_too_large" (over kMaxResponseBytes), or another snake_case
  // name of httplib's error. Empty when the failure is not a transport one
  // (e.g. a service judging an answer unusable).
  std::string error_type;
};

class HttpResult {
 public:
  HttpResult(HttpResponse response) : response_(std::move(response)) {}  // NOLINT
  HttpResult(UpstreamFailure failure) : failure_(std::move(failure)) {}  // NOLINT
  bool ok() const { return response_.has_value(); }
  const HttpResponse& response() const { return *response_; }
  const UpstreamFailure& failure() const { return failure_; }

 private:
  std::optional<HttpResponse> response_;
  UpstreamFailure failure_;
};

// The full URL of a request (base URL + encoded query), as called.
std::string FullUrl(const HttpRequest& request);

HttpResult SendRequest(HttpRequest request);

using ClientInterceptor = std::function<HttpResult(
    HttpRequest& request, const std::function<HttpResult(HttpRequest&)>& next)>;

// Registers an interceptor for every later SendRequest (e.g. to inject
// traceparent headers and record a client span). Call at start-up.
void AddClientInterceptor(ClientInterceptor interceptor);

}  // namespace common
