// Shared by the httplib server and client instrumentation: semantic-convention helpers
// and the tracer + duration histogram, resolved from (and cached per) provider.
#pragma once

#include <cassert>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "common/new_key_value.h"
#include "otel/instrumentation/httplib.h"
#include "otel/metrics/instruments.h"
#include "otel/trace/tracer.h"

namespace otel::instrumentation::httplib::detail {

struct Telemetry {
  std::shared_ptr<trace::Tracer> tracer;
  metrics::Histogram<double> duration;
  // False when neither spans nor metric points would be recorded (no SDK / disabled).
  bool active = false;
};

enum class Side { kServer, kClient };

// Appends an attribute the list cannot hold yet (the instrumentation's keys are fixed and
// distinct), so there is no duplicate scan; built in place (see new_key_value.h).
template <class V>
void append_attribute(Attributes& attributes, std::string_view key, V&& value) {
  attributes.emplace_back(internal::NewKeyValue<V>(key, std::forward<V>(value)));
}

// A duration point's attributes on the stack: recorded without building an Attributes
// list (no heap allocation), only the entries added are constructed. Add them in key
// order: the metric stream keeps its sets sorted by key, so its look-up then compares
// them in step.
template <std::size_t N>
class PointAttributes {
 public:
  PointAttributes() {}  // leaves the storage uninitialized until add()
  PointAttributes(const PointAttributes&) = delete;
  PointAttributes& operator=(const PointAttributes&) = delete;
  ~PointAttributes() { std::destroy_n(items_, size_); }

  template <class V>
  void add(std::string_view key, V&& value) {
    assert(size_ < N);
    std::construct_at(items_ + size_, std::piecewise_construct, std::forward_as_tuple(key),
                      std::forward_as_tuple(std::forward<V>(value)));
    ++size_;
  }
  std::span<const metrics::MeasurementAttribute> view() const { return {items_, size_}; }

 private:
  union {
    // NOLINTNEXTLINE(readability-identifier-naming): private in effect (a private union)
    metrics::MeasurementAttribute items_[N];
  };
  std::size_t size_ = 0;
};

// The tracer and histogram of `providers` (null members: the current global ones).
// Cheap on the hot path: a per-thread cache checked against the global providers'
// generation; instruments are only created again when a provider changes.
std::shared_ptr<const Telemetry> resolve_telemetry(const Providers& providers, Side side);

// The http.request.method value: the method if it is one the conventions know
// (case-sensitive), else "_OTHER" (the original then goes to http.request.method_original).
struct Method {
  std::string value;
  bool known = false;
};
Method normalize_method(std::string_view method);

// "HTTP/1.1" -> "1.1"; "" when the form is unknown.
std::string protocol_version(std::string_view http_version);

// Host header "name:port" / "[v6]:port" split; port 0 when absent or invalid.
struct HostPort {
  std::string host;
  int port = 0;
};
HostPort split_host_port(std::string_view authority);

// A URL's parts for client spans: scheme, host, port (the scheme's default when absent)
// and the URL with any user:password replaced by REDACTED:REDACTED.
struct UrlParts {
  std::string scheme;
  HostPort authority;
  std::string full_without_credentials;
};
UrlParts parse_url(std::string_view url);

// The readable (demangled) type of the exception in flight, or "_OTHER" when it is not a
// std::exception.
std::string exception_type(const std::exception_ptr& error);

}  // namespace otel::instrumentation::httplib::detail
