// Server side: one SERVER span per request, current while the handler runs, and the
// http.server.request.duration histogram.
#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>

#include "instrumentation/httplib_common.h"
#include "instrumentation/request_headers.h"
#include "otel/context/context.h"
#include "otel/propagation/text_map.h"
#include "otel/semconv.h"

namespace otel::instrumentation::httplib {
namespace {

using detail::Telemetry;

// What one traced request carries from its start to its end.
class ServerRequest {
 public:
  // `route` may be empty (not known yet: set_route() names the span later).
  ServerRequest(const ::httplib::Request& req, const ServerOptions& options,
                std::shared_ptr<const Telemetry> telemetry, std::string_view route = {})
      : options_(options),
        telemetry_(std::move(telemetry)),
        start_(std::chrono::steady_clock::now()),
        route_(route) {
    detail::Method method = detail::normalize_method(req.method);
    method_ = std::move(method.value);
    version_ = detail::protocol_version(req.version);
    const detail::RequestHeaders headers(req.headers);
    const std::string_view host_header = headers.host();
    host_ = host_header.empty() ? detail::HostPort{req.local_addr, std::max(req.local_port, 0)}
                                : detail::split_host_port(host_header);
    if (host_.port == 0 && !host_header.empty()) host_.port = std::max(req.local_port, 0);

    // The remote parent comes from the headers only, never from whatever this worker
    // thread had current before.
    Context parent = propagation::global_propagator()->extract(headers, Context());
    if (telemetry_->tracer->enabled()) {
      trace::StartSpanOptions start;
      start.kind = trace::SpanKind::kServer;
      start.parent = &parent;
      Attributes& a = start.attributes;
      // Room for every attribute a server span can get (these, http.route, the status
      // code, error.type): one allocation, and 14 * 72 bytes still fit glibc's per-thread
      // cache of small chunks, which 16 did not (a slower malloc and free).
      a.reserve(14);
      detail::append_attribute(a, semconv::kHttpRequestMethod, method_);
      if (!method.known)
        detail::append_attribute(a, semconv::kHttpRequestMethodOriginal, req.method);
      detail::append_attribute(a, semconv::kUrlPath, req.path);
      detail::append_attribute(a, semconv::kUrlScheme, options_.scheme);
      if (auto q = req.target.find('?'); options_.capture_query && q != std::string::npos)
        detail::append_attribute(a, semconv::kUrlQuery, std::string_view(req.target).substr(q + 1));
      if (!host_.host.empty()) detail::append_attribute(a, semconv::kServerAddress, host_.host);
      if (host_.port > 0) detail::append_attribute(a, semconv::kServerPort, host_.port);
      if (!req.remote_addr.empty())
        detail::append_attribute(a, semconv::kClientAddress, req.remote_addr);
      if (req.remote_port > 0) detail::append_attribute(a, semconv::kClientPort, req.remote_port);
      if (auto agent = headers.user_agent(); !agent.empty())
        detail::append_attribute(a, semconv::kUserAgentOriginal, agent);
      if (!version_.empty())
        detail::append_attribute(a, semconv::kNetworkProtocolVersion, version_);
      if (!route_.empty()) detail::append_attribute(a, semconv::kHttpRoute, route_);
      span_ = telemetry_->tracer->start_span(span_name(), std::move(start));
    } else {
      // No SDK: still carry the remote parent so ids flow on (the API's no-op rule).
      span_ = std::make_shared<trace::Span>(parent.span_context());
    }
    scope_.emplace(std::move(parent).with_span(span_).attach());
  }

  void set_route(std::string_view route) {
    if (route.empty()) return;
    route_ = std::string(route);
    span_->set_attribute(semconv::kHttpRoute, route_);
    if (method_ != "_OTHER") span_->update_name(span_name());
  }

  void set_exception(const std::exception_ptr& error) {
    exception_type_ = detail::exception_type(error);
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      span_->record_exception(exception_type_, e.what());
    } catch (...) {
      span_->record_exception(exception_type_, "non-standard exception");
    }
  }

  // `status` -1 means "not set by the handler", which httplib answers with 200.
  // Never throws: it runs inside httplib's response writing, outside its try block.
  void end(int status) noexcept {
    if (ended_) return;
    ended_ = true;
    try {
      record(status);
    } catch (...) {  // telemetry never breaks the request
    }
    scope_.reset();  // back to the worker thread's previous context
  }

 private:
  // "GET /" once the route is known; the method alone before; "HTTP" for a method the
  // conventions do not know.
  std::string span_name() const {
    if (method_ == "_OTHER") return "HTTP";
    if (route_.empty()) return method_;
    std::string name;
    name.reserve(method_.size() + 1 + route_.size());
    name.append(method_).append(1, ' ').append(route_);
    return name;
  }

  void record(int status) {
    if (status == -1) status = exception_type_.empty() ? 200 : 500;
    std::string error_type = !exception_type_.empty() ? exception_type_
                             : status >= 500          ? std::to_string(status)
                                                      : std::string();
    span_->set_attribute(semconv::kHttpResponseStatusCode, status);
    if (!error_type.empty()) {
      span_->set_attribute(semconv::kErrorType, error_type);
      span_->set_status(trace::StatusCode::kError);  // 4xx stay Unset for servers
    }
    span_->end();
    if (!telemetry_->duration.enabled()) return;
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start_;
    detail::PointAttributes<8> a;  // in key order
    if (!error_type.empty()) a.add(semconv::kErrorType, std::move(error_type));
    a.add(semconv::kHttpRequestMethod, method_);
    a.add(semconv::kHttpResponseStatusCode, status);
    if (!route_.empty()) a.add(semconv::kHttpRoute, route_);
    if (!version_.empty()) a.add(semconv::kNetworkProtocolVersion, version_);
    if (options_.server_address_on_metric) {
      if (!host_.host.empty()) a.add(semconv::kServerAddress, host_.host);
      if (host_.port > 0) a.add(semconv::kServerPort, host_.port);
    }
    a.add(semconv::kUrlScheme, options_.scheme);
    telemetry_->duration.record(took.count(), a.view());
  }

  const ServerOptions& options_;
  std::shared_ptr<const Telemetry> telemetry_;
  std::chrono::steady_clock::time_point start_;
  std::string method_;
  std::string version_;
  detail::HostPort host_;
  std::string route_;
  std::string exception_type_;
  std::shared_ptr<trace::Span> span_;
  std::optional<ContextScope> scope_;
  bool ended_ = false;
};

bool excluded(const ServerOptions& options, const ::httplib::Request& req) {
  return std::find(options.excluded_paths.begin(), options.excluded_paths.end(), req.path) !=
         options.excluded_paths.end();
}

// The request that instrument_server()'s pre-routing hook started on this worker thread.
// httplib runs pre-routing, the handler, the exception handler and post-routing for one
// request on one thread, one request at a time.
thread_local std::unique_ptr<ServerRequest> hooked_request;

// Runs `handler`, recording an exception on `request` before letting it propagate.
void run_recording_exceptions(ServerRequest& request, const std::function<void()>& handler) {
  try {
    handler();
  } catch (...) {
    request.set_exception(std::current_exception());
    throw;
  }
}

}  // namespace

void instrument_server(::httplib::Server& server, ServerOptions options) {
  auto shared = std::make_shared<const ServerOptions>(std::move(options));
  server.set_pre_routing_handler([shared](const ::httplib::Request& req, ::httplib::Response&) {
    // A request whose post-routing hook never ran (should not happen) must not leak
    // its span or context into this one.
    if (hooked_request) {
      hooked_request->end(-1);
      hooked_request.reset();
    }
    if (!excluded(*shared, req)) {
      try {
        hooked_request = std::make_unique<ServerRequest>(
            req, *shared, detail::resolve_telemetry(shared->providers, detail::Side::kServer));
      } catch (...) {  // telemetry never breaks the request
        hooked_request.reset();
      }
    }
    return ::httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_post_routing_handler([](const ::httplib::Request&, ::httplib::Response& res) {
    if (!hooked_request) return;  // excluded, or a request httplib rejected before routing
    hooked_request->end(res.status);
    hooked_request.reset();
  });
}

::httplib::Server::Handler traced_route(std::string route, ::httplib::Server::Handler handler) {
  return [route = std::move(route), handler = std::move(handler)](const ::httplib::Request& req,
                                                                  ::httplib::Response& res) {
    if (!hooked_request) {
      handler(req, res);
      return;
    }
    hooked_request->set_route(route);
    run_recording_exceptions(*hooked_request, [&] { handler(req, res); });
  };
}

RequestTracer request_tracer(ServerOptions options) {
  auto shared = std::make_shared<const ServerOptions>(std::move(options));
  return [shared](const ::httplib::Request& req, ::httplib::Response& res, std::string_view route,
                  const std::function<void()>& handler) {
    if (hooked_request) {  // instrument_server() already traces this request
      hooked_request->set_route(route);
      run_recording_exceptions(*hooked_request, handler);
      return;
    }
    if (excluded(*shared, req)) {
      handler();
      return;
    }
    std::optional<ServerRequest> request;
    try {
      request.emplace(req, *shared,
                      detail::resolve_telemetry(shared->providers, detail::Side::kServer), route);
    } catch (...) {
      request.reset();
    }
    if (!request) {
      handler();
      return;
    }
    try {
      handler();
    } catch (...) {
      request->set_exception(std::current_exception());
      request->end(500);  // httplib's exception handler answers 500
      throw;
    }
    request->end(res.status);
  };
}

}  // namespace otel::instrumentation::httplib
