#include "common/telemetry.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/http_client.h"
#include "common/server.h"
#include "otel/instrumentation/httplib.h"
#include "otel/logs/logger_provider.h"
#include "otel/metrics/meter_provider.h"
#include "otel/semconv.h"
#include "otel/trace/tracer_provider.h"

#ifndef ISS_OTEL_SERVICE_VERSION
#define ISS_OTEL_SERVICE_VERSION "0.0.0"
#endif

namespace common::telemetry {
namespace {

using Clock = std::chrono::steady_clock;

// All signals flush within this much time after the server stopped, together: the
// contract says a service exits within a few seconds of SIGINT/SIGTERM, even when the
// collector is slow or gone.
constexpr std::chrono::milliseconds kShutdownBudget{1500};

// The shutdown hooks share one deadline, set by whichever runs first.
std::mutex deadline_mutex;
std::optional<Clock::time_point> shutdown_deadline;

std::chrono::milliseconds RemainingShutdownBudget() {
  std::lock_guard lock(deadline_mutex);
  if (!shutdown_deadline) shutdown_deadline = Clock::now() + kShutdownBudget;
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(*shutdown_deadline - Clock::now());
  // Even when the budget is spent, give the exporter a moment to hand over a batch.
  return std::max(left, std::chrono::milliseconds(100));
}

// A version 4 (random) UUID in its canonical text form, as the semantic conventions
// suggest for service.instance.id.
std::string RandomUuid() {
  std::random_device seed;
  std::mt19937_64 random(static_cast<uint64_t>(seed()) << 32 | seed());
  std::array<uint8_t, 16> bytes{};
  for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(random());
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string text;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text += '-';
    text += fmt::format("{:02x}", bytes[i]);
  }
  return text;
}

// Shuts one signal's provider down after the server stopped (flushing what it holds).
template <typename Provider>
void ShutDownAtExit(std::shared_ptr<Provider> provider, const char* what) {
  if (!provider) return;
  AddShutdownHook([provider = std::move(provider), what] {
    if (!provider->shutdown(RemainingShutdownBudget())) {
      // stderr only: the logs signal may be the one that is gone.
      fprintf(stderr, "telemetry: %s were not all exported before shutdown\n", what);
    }
  });
}

// The HTTP server instrumentation as a common::Service interceptor: a SERVER span named
// after the route ("GET /") around each traced handler, context from the request headers.
ServerInterceptor ServerSpans() {
  return [trace = otel::instrumentation::httplib::request_tracer()](
             const RouteInfo& route, const httplib::Request& req, httplib::Response& res,
             const std::function<void()>& next) {
    if (route.traced) {
      trace(req, res, route.route, next);
    } else {
      next();
    }
  };
}

// A transport failure's error.type: the client's own class of what went wrong on the
// wire ("timeout", "connection_failed", "read_error", ...), or "_OTHER" without one.
std::string_view ErrorTypeFor(const UpstreamFailure& failure) {
  if (!failure.error_type.empty()) return failure.error_type;
  return "_OTHER";
}

// The HTTP client instrumentation as a common::SendRequest interceptor: a CLIENT span per
// outgoing call, traceparent/baggage injected into its headers.
void AddClientSpans() {
  AddClientInterceptor([](HttpRequest& request, const auto& next) {
    otel::instrumentation::httplib::ClientRequestSpan span(request.method, FullUrl(request));
    span.inject(request.headers);
    HttpResult result = next(request);
    if (result.ok()) {
      span.finish(result.response().status);
    } else {
      span.finish_error(ErrorTypeFor(result.failure()), result.failure().message);
    }
    return result;
  });
}

}  // namespace

std::string_view ServiceVersion() {
  return ISS_OTEL_SERVICE_VERSION;
}

otel::Resource MakeResource(const otel::Attributes& attributes) {
  // Resource::create puts code attributes over the environment's; here the environment
  // wins, so OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES can relabel a deployment.
  otel::Resource resource = otel::Resource::create(attributes).merge(otel::Resource::from_env());
  // Replicas of one service must stay apart (Prometheus' `instance` label comes from
  // service.instance.id): a random UUID per process unless code or environment named one.
  if (resource.get(otel::semconv::kServiceInstanceId) == nullptr) {
    resource = resource.merge(otel::Resource({{otel::semconv::kServiceInstanceId, RandomUuid()}}));
  }
  return resource;
}

void shut_down_at_exit(std::shared_ptr<otel::trace::TracerProvider> provider) {
  ShutDownAtExit(std::move(provider), "spans");
}

void shut_down_at_exit(std::shared_ptr<otel::metrics::MeterProvider> provider) {
  ShutDownAtExit(std::move(provider), "metrics");
}

void shut_down_at_exit(std::shared_ptr<otel::logs::LoggerProvider> provider) {
  ShutDownAtExit(std::move(provider), "log records");
}

void instrument_server(Service& service) {
  service.AddInterceptor(ServerSpans());
}

void instrument_client() {
  // Twice would nest a second span around every call.
  static std::once_flag instrumented;
  std::call_once(instrumented, AddClientSpans);
}

}  // namespace common::telemetry
