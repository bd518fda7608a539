#include "instrumentation/httplib_common.h"

#include <array>
#include <charconv>
#include <cstdint>
#include <mutex>
#include <typeinfo>

#include "common/demangle.h"
#include "common/provider_generation.h"
#include "otel/metrics/meter_provider.h"
#include "otel/semconv.h"
#include "otel/trace/tracer_provider.h"

namespace otel::instrumentation::httplib {

const std::vector<double>& duration_buckets() {
  static const std::vector<double> kBuckets{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25,
                                            0.5,   0.75, 1.0,   2.5,  5.0,   7.5, 10.0};
  return kBuckets;
}

namespace detail {
namespace {

struct TelemetryCache {
  std::mutex mutex;
  std::shared_ptr<trace::TracerProvider> tracer_provider;
  std::shared_ptr<metrics::MeterProvider> meter_provider;
  std::shared_ptr<const Telemetry> telemetry;
};

std::shared_ptr<const Telemetry> build(trace::TracerProvider& tracer_provider,
                                       metrics::MeterProvider& meter_provider, Side side) {
  auto telemetry = std::make_shared<Telemetry>();
  telemetry->tracer = tracer_provider.get_tracer(kScopeName);
  auto meter = meter_provider.get_meter(kScopeName);
  metrics::InstrumentAdvice advice;
  advice.explicit_bucket_boundaries = duration_buckets();
  telemetry->duration =
      side == Side::kServer
          ? meter->create_histogram<double>(semconv::kHttpServerRequestDuration,
                                            "Duration of HTTP server requests.", "s", advice)
          : meter->create_histogram<double>(semconv::kHttpClientRequestDuration,
                                            "Duration of HTTP client requests.", "s", advice);
  telemetry->active = telemetry->tracer->enabled() || telemetry->duration.enabled();
  return telemetry;
}

}  // namespace

std::shared_ptr<const Telemetry> resolve_telemetry(const Providers& providers, Side side) {
  // Per thread, what the last call resolved: on the hot path one generation load and two
  // pointer comparisons instead of two provider copies and three mutexes. It holds the
  // explicit providers it was built from, so their addresses cannot be reused meanwhile.
  struct ThreadCache {
    std::uint64_t generation = 0;
    std::shared_ptr<trace::TracerProvider> tracer_provider;
    std::shared_ptr<metrics::MeterProvider> meter_provider;
    std::shared_ptr<const Telemetry> telemetry;
  };
  thread_local ThreadCache thread_caches[2];
  ThreadCache& mine = thread_caches[side == Side::kServer ? 0 : 1];
  const bool uses_global = !providers.tracer_provider || !providers.meter_provider;
  // Read before the providers: a provider replaced meanwhile bumps it past this value.
  const std::uint64_t generation = uses_global ? internal::global_provider_generation() : 0;
  if (mine.telemetry && mine.generation == generation &&
      mine.tracer_provider == providers.tracer_provider &&
      mine.meter_provider == providers.meter_provider)
    return mine.telemetry;

  static TelemetryCache caches[2];
  auto tracer_provider =
      providers.tracer_provider ? providers.tracer_provider : trace::get_tracer_provider();
  auto meter_provider =
      providers.meter_provider ? providers.meter_provider : metrics::get_meter_provider();
  TelemetryCache& cache = caches[side == Side::kServer ? 0 : 1];
  std::shared_ptr<const Telemetry> telemetry;
  {
    std::lock_guard lock(cache.mutex);
    // The cache holds the providers it was built from, so a changed provider can never
    // be mistaken for the cached one by address.
    if (!cache.telemetry || cache.tracer_provider != tracer_provider ||
        cache.meter_provider != meter_provider) {
      cache.telemetry = build(*tracer_provider, *meter_provider, side);
      cache.tracer_provider = std::move(tracer_provider);
      cache.meter_provider = std::move(meter_provider);
    }
    telemetry = cache.telemetry;
  }
  mine = ThreadCache{generation, providers.tracer_provider, providers.meter_provider, telemetry};
  return telemetry;
}

Method normalize_method(std::string_view method) {
  static constexpr std::array<std::string_view, 10> kKnown{
      "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE", "QUERY"};
  for (std::string_view known : kKnown)
    if (method == known) return {std::string(method), true};
  return {"_OTHER", false};
}

std::string protocol_version(std::string_view http_version) {
  constexpr std::string_view kPrefix = "HTTP/";
  if (http_version.substr(0, kPrefix.size()) != kPrefix) return {};
  return std::string(http_version.substr(kPrefix.size()));
}

HostPort split_host_port(std::string_view authority) {
  HostPort out;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {  // [v6]:port
    auto close = authority.find(']');
    if (close == std::string_view::npos) return {std::string(authority), 0};
    out.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port_text = authority.substr(close + 2);
  } else {
    auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  int port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error == std::errc() && end == port_text.data() + port_text.size() && port > 0 &&
      port <= 65535)
    out.port = port;
  return out;
}

UrlParts parse_url(std::string_view url) {
  UrlParts parts;
  auto scheme_end = url.find("://");
  std::string_view rest = url;
  if (scheme_end != std::string_view::npos) {
    parts.scheme = std::string(url.substr(0, scheme_end));
    rest = url.substr(scheme_end + 3);
  }
  auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  std::string_view userinfo;
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }
  parts.authority = split_host_port(authority);
  if (parts.authority.port == 0)
    parts.authority.port = parts.scheme == "https" ? 443 : parts.scheme == "http" ? 80 : 0;
  parts.full_without_credentials = parts.scheme.empty() ? "" : parts.scheme + "://";
  if (!userinfo.empty()) parts.full_without_credentials += "REDACTED:REDACTED@";
  parts.full_without_credentials += std::string(authority);
  parts.full_without_credentials += std::string(tail);
  return parts;
}

std::string exception_type(const std::exception_ptr& error) {
  if (!error) return "_OTHER";
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return otel::internal::demangled_name(typeid(e));
  } catch (...) {
  }
  return "_OTHER";
}

}  // namespace detail
}  // namespace otel::instrumentation::httplib
