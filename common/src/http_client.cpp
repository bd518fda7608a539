#include "common/http_client.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

#include "common/connection_pool.h"
#include "common/upstream_connection.h"
#include "otel/instrumentation/httplib.h"

namespace common {
namespace {

// Registered at start-up, read by every request: each request takes the current list
// (a shared_ptr copy) instead of copying the std::functions, an allocation per call.
using InterceptorList = std::vector<ClientInterceptor>;
std::mutex interceptors_mutex;
std::shared_ptr<const InterceptorList>& Interceptors() {
  static std::shared_ptr<const InterceptorList> interceptors =
      std::make_shared<const InterceptorList>();
  return interceptors;
}

// Failure messages reach users (the gateway passes them on, the frontend shows
// them), so they name the peer, never its URL: internal hosts and ports stay in
// the log line SendRequest writes (issue #19).
std::string Describe(const HttpRequest& request) {
  return request.peer_name.empty() ? "the upstream service" : request.peer_name;
}

std::string SecondsText(std::chrono::milliseconds duration) {
  return fmt::format("{:g} s", static_cast<double>(duration.count()) / 1000.0);
}

UpstreamFailure FailureFor(const HttpRequest& request, httplib::Error error,
                           std::chrono::steady_clock::duration elapsed) {
  std::string who = Describe(request);
  // One classification for the status here and the CLIENT span's error.type (#17):
  // httplib reports a read that timed out as a plain read error, so the elapsed time
  // tells a timeout (504) from a dropped connection (502).
  std::string error_type =
      otel::instrumentation::httplib::error_type_for(error, elapsed, request.timeouts.read);
  if (error == httplib::Error::ConnectionTimeout) {
    return {504,
            fmt::format("{} did not accept a connection within {}", who,
                        SecondsText(request.timeouts.connect)),
            std::move(error_type)};
  }
  if (error_type == "timeout") {
    return {504,
            fmt::format("{} did not answer within {}", who, SecondsText(request.timeouts.read)),
            std::move(error_type)};
  }
  if (error == httplib::Error::Connection) {
    return {502, fmt::format("{} is unreachable", who), std::move(error_type)};
  }
  return {502, fmt::format("{} failed: {}", who, httplib::to_string(error)), std::move(error_type)};
}

// A failure on a kept-alive connection that the server may simply have closed while it
// sat idle (its keep-alive timeout or request limit): the request never reached a
// handler, or died with the connection. Worth one more try on a new connection, but
// only for GET (safe to repeat) and never after a timeout (that would double the wait).
bool MayBeStaleConnection(const HttpRequest& request, httplib::Error error,
                          std::chrono::steady_clock::duration elapsed) {
  if (request.method != "GET") return false;
  if (error == httplib::Error::Write) return true;
  return error == httplib::Error::Read && elapsed < request.timeouts.read * 9 / 10;
}

HttpResult Transport(HttpRequest& request) {
  std::optional<UrlParts> url = SplitUrl(request.url);
  if (!url) return UpstreamFailure{502, "invalid upstream URL: " + request.url, "invalid_url"};
  std::string target = std::move(url->path);
  if (!request.query.empty()) {
    target += (target.find('?') == std::string::npos ? '?' : '&') + EncodeQuery(request.query);
  }

  for (int attempt = 1;; ++attempt) {
    // The retry takes a new connection: another idle one may be just as stale.
    ConnectionPool::Lease lease = ConnectionPool::Shared().Acquire(url->origin, attempt == 1);
    auto start = std::chrono::steady_clock::now();
    Exchange exchange =
        lease.connection().Send(request.method, target, request.headers, request.timeouts);
    if (exchange.ok) {
      lease.Keep();
      return std::move(exchange.response);
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    if (exchange.too_large) {
      return UpstreamFailure{502,
                             fmt::format("{} sent an answer larger than {} MiB", Describe(request),
                                         kMaxResponseBytes / (1024 * 1024)),
                             "response_too_large"};
    }
    if (attempt == 1 && lease.reused() && MayBeStaleConnection(request, exchange.error, elapsed))
      continue;  // `lease` closes the broken connection; the next one is new
    return FailureFor(request, exchange.error, elapsed);
  }
}

HttpResult RunChain(const std::vector<ClientInterceptor>& chain, size_t index,
                    HttpRequest& request) {
  if (index == chain.size()) return Transport(request);
  return chain[index](
      request, [&](HttpRequest& next_request) { return RunChain(chain, index + 1, next_request); });
}

}  // namespace

HttpTimeouts TimeoutsFor(double seconds) {
  auto total = std::chrono::milliseconds(std::max<long>(1, std::lround(seconds * 1000.0)));
  return {std::min<std::chrono::milliseconds>(total, std::chrono::seconds(2)), total};
}

std::string FullUrl(const HttpRequest& request) {
  if (request.query.empty()) return request.url;
  char separator = request.url.find('?') == std::string::npos ? '?' : '&';
  return request.url + separator + EncodeQuery(request.query);
}

void AddClientInterceptor(ClientInterceptor interceptor) {
  std::lock_guard lock(interceptors_mutex);
  auto list = std::make_shared<InterceptorList>(*Interceptors());
  list->push_back(std::move(interceptor));
  Interceptors() = std::move(list);
}

HttpResult SendRequest(HttpRequest request) {
  std::shared_ptr<const InterceptorList> chain;
  {
    std::lock_guard lock(interceptors_mutex);
    chain = Interceptors();
  }
  HttpResult result = RunChain(*chain, 0, request);
  if (!result.ok())
    spdlog::warn("{} {}: {}", request.method, FullUrl(request), result.failure().message);
  return result;
}

}  // namespace common
