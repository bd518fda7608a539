// OpenTelemetry HTTP instrumentation for cpp-httplib: the counterpart of Python's
// FlaskInstrumentor (server) and RequestsInstrumentor (client). See
// docs/otel-http-instrumentation.md.
//
//   httplib::Server server;
//   otel::instrumentation::httplib::instrument_server(server);           // every request
//   server.Get("/", otel::instrumentation::httplib::traced_route("/", handler));  // names it "GET
//   /"
//
//   otel::instrumentation::httplib::InstrumentedClient client("http://127.0.0.1:5001");
//   auto result = client.Get("/coordinates?location=Oslo");             // CLIENT span +
//   traceparent
//
// Spans and the http.{server,client}.request.duration histograms follow the stable HTTP
// semantic conventions. With no SDK configured (or OTEL_SDK_DISABLED) the global tracer
// and meter are no-ops and the cost is a header parse and a context switch per request.
//
// Debian's libcpp-httplib is compiled with CPPHTTPLIB_OPENSSL_SUPPORT (and ZLIB/BROTLI),
// which changes httplib::Request's layout: code including this header must use the
// cpp-httplib pkg-config flags (CMake: pkg_check_modules(... IMPORTED_TARGET cpp-httplib)).
#pragma once

#include <httplib.h>

#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT)
// Without the flags httplib::Request has another layout than in the library: fail here
// rather than corrupt memory at run time.
#error \
    "compile with cpp-httplib's pkg-config flags (Debian builds it with CPPHTTPLIB_OPENSSL_SUPPORT)"
#endif

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "otel/trace/span.h"

namespace otel::trace {
class TracerProvider;
}
namespace otel::metrics {
class MeterProvider;
}

namespace otel::instrumentation::httplib {

namespace detail {
struct Telemetry;
}

// The instrumentation scope name of the spans and metrics.
inline constexpr std::string_view kScopeName = "otel.instrumentation.httplib";
// The HTTP semantic conventions' advisory buckets for request durations, in seconds.
const std::vector<double>& duration_buckets();

// Where the tracer and meter come from: null = the global providers, looked up again
// whenever the global provider changes (so instrumenting before the SDK is set up works).
struct Providers {
  std::shared_ptr<trace::TracerProvider> tracer_provider;
  std::shared_ptr<metrics::MeterProvider> meter_provider;
};

struct ServerOptions {
  // Requests whose path equals one of these get no span and no metric point.
  std::vector<std::string> excluded_paths{"/healthz"};
  std::string scheme = "http";  // url.scheme (httplib::SSLServer: "https")
  bool capture_query = true;    // url.query on the span (the raw query string)
  // server.address/server.port on the duration metric (opt-in in the conventions).
  bool server_address_on_metric = false;
  Providers providers;
};

// ---- server, hook form: a span for EVERY request, including unknown routes (404) ----

// Installs pre-routing and post-routing handlers on `server` (replacing any set before;
// call it before adding your own only if you do not use those two hooks). httplib runs
// both hooks and the handler on the connection's worker thread, so the server span is
// current for the handler through a thread-local scope. Without traced_route() the span
// is named after the method only (the route is not known to the hooks).
void instrument_server(::httplib::Server& server, ServerOptions options = {});

// Wraps a route's handler: names the current request's server span "METHOD route" and
// sets http.route; an exception thrown by the handler is recorded (error.type = its
// type) and rethrown for httplib's exception handler. Handler code is unchanged.
::httplib::Server::Handler traced_route(std::string route, ::httplib::Server::Handler handler);

// ---- server, interceptor form: for plumbing that already wraps every handler ----

// Runs `handler` inside the request's server span. If instrument_server() already started
// one for this request, only names it after `route` (as traced_route does); otherwise
// starts and ends a span itself. `route` may be empty (unknown).
using RequestTracer =
    std::function<void(const ::httplib::Request&, ::httplib::Response&, std::string_view route,
                       const std::function<void()>& handler)>;
RequestTracer request_tracer(ServerOptions options = {});

// ---- client ----

struct ClientOptions {
  Providers providers;
};

// One outgoing request's CLIENT span (child of the current context) and duration point.
// Build it, inject() into the request headers, send, then finish() once; destroying an
// unfinished span ends it with error.type "_OTHER".
class ClientRequestSpan {
 public:
  ClientRequestSpan(std::string_view method, std::string_view url,
                    const ClientOptions& options = {});
  ~ClientRequestSpan();
  ClientRequestSpan(const ClientRequestSpan&) = delete;
  ClientRequestSpan& operator=(const ClientRequestSpan&) = delete;

  // Adds traceparent/tracestate/baggage (the global propagator's fields) for this span.
  void inject(::httplib::Headers& headers) const;
  void inject(std::vector<std::pair<std::string, std::string>>& headers) const;

  // A response arrived: status ERROR and error.type = the code for >= 400.
  void finish(int status_code);
  // No response: error.type = `error_type` (e.g. "timeout"), status ERROR.
  void finish_error(std::string_view error_type, std::string_view message = {});
  // From an httplib::Result; a Read error after at least 90% of `read_timeout` counts as
  // "timeout" (httplib 0.11 reports read timeouts as plain read errors).
  void finish(const ::httplib::Result& result,
              std::optional<std::chrono::milliseconds> read_timeout = std::nullopt);

  const std::shared_ptr<trace::Span>& span() const { return span_; }

 private:
  void end(std::optional<int> status_code, std::string_view error_type,
           std::string_view message) noexcept;
  void record(std::optional<int> status_code, std::string_view error_type,
              std::string_view message);

  std::shared_ptr<trace::Span> span_;
  std::shared_ptr<const detail::Telemetry> telemetry_;
  std::string method_;  // normalized (or "_OTHER")
  std::string server_address_;
  int server_port_ = 0;
  std::chrono::steady_clock::time_point start_;
  bool propagate_only_ = false;  // no SDK: nothing recorded, the context still flows
  bool finished_ = false;
};

// The low-cardinality error.type for an httplib error: "timeout" (see above),
// "connection_timeout", "connection_failed", "read_error", "write_error", "canceled", ...
std::string error_type_for(::httplib::Error error, std::chrono::steady_clock::duration elapsed,
                           std::optional<std::chrono::milliseconds> read_timeout);

// An httplib::Client whose requests each get a CLIENT span, injected headers and a
// duration point. `scheme_host_port` as for httplib::Client, e.g. "http://127.0.0.1:8080".
class InstrumentedClient {
 public:
  explicit InstrumentedClient(std::string scheme_host_port, ClientOptions options = {});

  InstrumentedClient& set_connection_timeout(std::chrono::milliseconds timeout);
  InstrumentedClient& set_read_timeout(std::chrono::milliseconds timeout);
  // Other settings (keep-alive, proxies, ...) go straight to httplib. Set read timeouts
  // through set_read_timeout() above so timeouts are told from read errors.
  ::httplib::Client& raw() { return client_; }

  ::httplib::Result get(const std::string& path_and_query, ::httplib::Headers headers = {});
  ::httplib::Result post(const std::string& path_and_query, const std::string& body,
                         const std::string& content_type, ::httplib::Headers headers = {});
  // Any method; `request.path` includes the query.
  ::httplib::Result send(::httplib::Request request);

 private:
  std::string base_url_;
  ClientOptions options_;
  ::httplib::Client client_;
  std::chrono::milliseconds read_timeout_{CPPHTTPLIB_READ_TIMEOUT_SECOND * 1000};
};

}  // namespace otel::instrumentation::httplib
