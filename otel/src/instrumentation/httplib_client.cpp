// Client side: one CLIENT span per outgoing request, the trace context injected into
// its headers, and the http.client.request.duration histogram.
#include <algorithm>

#include "instrumentation/httplib_common.h"
#include "otel/context/context.h"
#include "otel/propagation/text_map.h"
#include "otel/semconv.h"

namespace otel::instrumentation::httplib {
namespace {

// A carrier over a header list kept as name/value pairs (common::HttpRequest's form).
class PairListCarrier final : public propagation::TextMapCarrier {
 public:
  explicit PairListCarrier(std::vector<std::pair<std::string, std::string>>& headers)
      : headers_(headers) {}
  std::optional<std::string_view> get(std::string_view key) const override {
    for (const auto& [name, value] : headers_)
      if (propagation::header_names_equal(name, key)) return std::string_view(value);
    return std::nullopt;
  }
  void set(std::string_view key, std::string_view value) override {
    std::erase_if(headers_, [&](const auto& header) {
      return propagation::header_names_equal(header.first, key);
    });
    headers_.emplace_back(std::string(key), std::string(value));
  }
  std::vector<std::string> keys() const override {
    std::vector<std::string> out;
    for (const auto& header : headers_) out.push_back(header.first);
    return out;
  }

 private:
  std::vector<std::pair<std::string, std::string>>& headers_;
};

}  // namespace

ClientRequestSpan::ClientRequestSpan(std::string_view method, std::string_view url,
                                     const ClientOptions& options)
    : start_(std::chrono::steady_clock::now()) {
  telemetry_ = detail::resolve_telemetry(options.providers, detail::Side::kClient);
  detail::Method normalized = detail::normalize_method(method);
  method_ = std::move(normalized.value);
  detail::UrlParts parts = detail::parse_url(url);
  server_address_ = std::move(parts.authority.host);
  server_port_ = parts.authority.port;
  if (!telemetry_->tracer->enabled()) {
    // No SDK: the current span (possibly a remote parent) is what gets propagated.
    span_ = Context::current().span() ? Context::current().span() : trace::Span::invalid();
    propagate_only_ = true;
    return;
  }
  trace::StartSpanOptions start;
  start.kind = trace::SpanKind::kClient;
  Attributes& a = start.attributes;
  a.reserve(8);  // these, then the status code and error.type: one allocation
  detail::append_attribute(a, semconv::kHttpRequestMethod, method_);
  if (!normalized.known) detail::append_attribute(a, semconv::kHttpRequestMethodOriginal, method);
  detail::append_attribute(a, semconv::kUrlFull, std::move(parts.full_without_credentials));
  if (!server_address_.empty())
    detail::append_attribute(a, semconv::kServerAddress, server_address_);
  if (server_port_ > 0) detail::append_attribute(a, semconv::kServerPort, server_port_);
  detail::append_attribute(a, semconv::kNetworkProtocolVersion, "1.1");  // httplib speaks HTTP/1.1
  span_ = telemetry_->tracer->start_span(normalized.known ? method_ : "HTTP", std::move(start));
}

ClientRequestSpan::~ClientRequestSpan() {
  if (!finished_) end(std::nullopt, "_OTHER", "request abandoned");
}

void ClientRequestSpan::inject(::httplib::Headers& headers) const {
  propagation::HeaderCarrier<::httplib::Headers> carrier(headers);
  propagation::global_propagator()->inject(Context::current().with_span(span_), carrier);
}

void ClientRequestSpan::inject(std::vector<std::pair<std::string, std::string>>& headers) const {
  PairListCarrier carrier(headers);
  propagation::global_propagator()->inject(Context::current().with_span(span_), carrier);
}

void ClientRequestSpan::finish(int status_code) {
  end(status_code, status_code >= 400 ? std::to_string(status_code) : std::string(), {});
}

void ClientRequestSpan::finish_error(std::string_view error_type, std::string_view message) {
  end(std::nullopt, error_type.empty() ? "_OTHER" : error_type, message);
}

void ClientRequestSpan::finish(const ::httplib::Result& result,
                               std::optional<std::chrono::milliseconds> read_timeout) {
  if (result) {
    finish(result->status);
    return;
  }
  finish_error(
      error_type_for(result.error(), std::chrono::steady_clock::now() - start_, read_timeout),
      ::httplib::to_string(result.error()));
}

void ClientRequestSpan::end(std::optional<int> status_code, std::string_view error_type,
                            std::string_view message) noexcept {
  if (finished_) return;
  finished_ = true;
  try {
    record(status_code, error_type, message);
  } catch (...) {  // telemetry never breaks the caller (end() also runs in the destructor)
  }
}

void ClientRequestSpan::record(std::optional<int> status_code, std::string_view error_type,
                               std::string_view message) {
  if (!propagate_only_) {
    if (status_code) span_->set_attribute(semconv::kHttpResponseStatusCode, *status_code);
    if (!error_type.empty()) {
      span_->set_attribute(semconv::kErrorType, error_type);
      span_->set_status(trace::StatusCode::kError, message);
    }
    span_->end();
  }
  if (!telemetry_->duration.enabled()) return;
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start_;
  detail::PointAttributes<6> a;  // in key order
  if (!error_type.empty()) a.add(semconv::kErrorType, error_type);
  a.add(semconv::kHttpRequestMethod, method_);
  if (status_code) a.add(semconv::kHttpResponseStatusCode, *status_code);
  a.add(semconv::kNetworkProtocolVersion, "1.1");
  if (!server_address_.empty()) a.add(semconv::kServerAddress, server_address_);
  if (server_port_ > 0) a.add(semconv::kServerPort, server_port_);
  telemetry_->duration.record(took.count(), a.view());
}

InstrumentedClient::InstrumentedClient(std::string scheme_host_port, ClientOptions options)
    : base_url_(std::move(scheme_host_port)), options_(std::move(options)), client_(base_url_) {}

InstrumentedClient& InstrumentedClient::set_connection_timeout(std::chrono::milliseconds timeout) {
  client_.set_connection_timeout(timeout);
  return *this;
}

InstrumentedClient& InstrumentedClient::set_read_timeout(std::chrono::milliseconds timeout) {
  client_.set_read_timeout(timeout);
  read_timeout_ = timeout;
  return *this;
}

::httplib::Result InstrumentedClient::get(const std::string& path_and_query,
                                          ::httplib::Headers headers) {
  ::httplib::Request request;
  request.method = "GET";
  request.path = path_and_query;
  request.headers = std::move(headers);
  return send(std::move(request));
}

::httplib::Result InstrumentedClient::post(const std::string& path_and_query,
                                           const std::string& body, const std::string& content_type,
                                           ::httplib::Headers headers) {
  ::httplib::Request request;
  request.method = "POST";
  request.path = path_and_query;
  request.headers = std::move(headers);
  request.body = body;
  if (!content_type.empty()) request.set_header("Content-Type", content_type);
  return send(std::move(request));
}

::httplib::Result InstrumentedClient::send(::httplib::Request request) {
  ClientRequestSpan span(request.method, base_url_ + request.path, options_);
  span.inject(request.headers);
  ::httplib::Result result = client_.send(request);
  span.finish(result, read_timeout_);
  return result;
}

}  // namespace otel::instrumentation::httplib
