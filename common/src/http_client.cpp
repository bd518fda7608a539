#include "common/http_client.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace common {
namespace {

std::mutex interceptors_mutex;
std::vector<ClientInterceptor>& Interceptors() {
  static std::vector<ClientInterceptor> interceptors;
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

// The semantic conventions' error.type for a transport error: a short snake_case class.
std::string ErrorTypeOf(httplib::Error error, bool read_timed_out) {
  switch (error) {
    case httplib::Error::Connection:
      return "connection_failed";
    case httplib::Error::ConnectionTimeout:
      return "connection_timeout";
    case httplib::Error::Read:
      return read_timed_out ? "timeout" : "read_error";
    case httplib::Error::Write:
      return "write_error";
    case httplib::Error::Canceled:
      return "canceled";
    case httplib::Error::SSLConnection:
      return "ssl_connection";
    case httplib::Error::SSLServerVerification:
      return "ssl_server_verification";
    case httplib::Error::Compression:
      return "compression";
    default:
      return "_OTHER";
  }
}

UpstreamFailure FailureFor(const HttpRequest& request, httplib::Error error,
                           std::chrono::steady_clock::duration elapsed) {
  std::string who = Describe(request);
  // httplib reports a read that timed out as a plain read error: the elapsed
  // time tells a timeout (504) from a dropped connection (502).
  bool read_timed_out = error == httplib::Error::Read && elapsed >= request.timeouts.read * 9 / 10;
  std::string error_type = ErrorTypeOf(error, read_timed_out);
  if (error == httplib::Error::ConnectionTimeout) {
    return {504,
            fmt::format("{} did not accept a connection within {}", who,
                        SecondsText(request.timeouts.connect)),
            std::move(error_type)};
  }
  if (read_timed_out) {
    return {504,
            fmt::format("{} did not answer within {}", who, SecondsText(request.timeouts.read)),
            std::move(error_type)};
  }
  if (error == httplib::Error::Connection) {
    return {502, fmt::format("{} is unreachable", who), std::move(error_type)};
  }
  return {502, fmt::format("{} failed: {}", who, httplib::to_string(error)), std::move(error_type)};
}

HttpResult Transport(HttpRequest& request) {
  std::optional<UrlParts> url = SplitUrl(request.url);
  if (!url) return UpstreamFailure{502, "invalid upstream URL: " + request.url, "invalid_url"};
  std::string target = url->path;
  if (!request.query.empty()) {
    target += (target.find('?') == std::string::npos ? '?' : '&') + EncodeQuery(request.query);
  }
  httplib::Client client(url->origin);
  auto to_timeval = [](std::chrono::milliseconds ms) {
    return std::pair<time_t, time_t>(ms.count() / 1000, (ms.count() % 1000) * 1000);
  };
  auto [connect_sec, connect_usec] = to_timeval(request.timeouts.connect);
  auto [read_sec, read_usec] = to_timeval(request.timeouts.read);
  client.set_connection_timeout(connect_sec, connect_usec);
  client.set_read_timeout(read_sec, read_usec);
  client.set_write_timeout(read_sec, read_usec);
  client.set_keep_alive(false);
  client.set_tcp_nodelay(true);

  httplib::Headers headers;
  for (const auto& [name, value] : request.headers) headers.emplace(name, value);

  auto start = std::chrono::steady_clock::now();
  httplib::Result result = request.method == "POST" ? client.Post(target, headers, "", "text/plain")
                                                    : client.Get(target, headers);
  if (!result) return FailureFor(request, result.error(), std::chrono::steady_clock::now() - start);
  return HttpResponse{result->status, result->body, result->get_header_value("Content-Type")};
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
  Interceptors().push_back(std::move(interceptor));
}

HttpResult SendRequest(HttpRequest request) {
  std::vector<ClientInterceptor> chain;
  {
    std::lock_guard lock(interceptors_mutex);
    chain = Interceptors();
  }
  HttpResult result = RunChain(chain, 0, request);
  if (!result.ok())
    spdlog::warn("{} {}: {}", request.method, FullUrl(request), result.failure().message);
  return result;
}

}  // namespace common
