#include "common/telemetry.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/http_client.h"
#include "common/server.h"
#include "common/trace_context.h"
#include "otel/common/env.h"
#include "otel/context/context.h"
#include "otel/instrumentation/httplib.h"
#include "otel/sdk/signal_setup.h"
#include "otel/spdlog/otel_sink.h"

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
// The workshop exports metrics every second; the environment still overrides.
constexpr const char* kDefaultMetricExportIntervalMs = "1000";

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

otel::sdk::SdkSettings SettingsFor(const otel::Resource& resource) {
  otel::sdk::SdkSettings settings;
  settings.resource = resource;
  settings.disabled = otel::env::get_bool("OTEL_SDK_DISABLED", false);
  return settings;
}

// Shuts one signal's provider down after the server stopped (flushing what it holds).
void ShutDownAtExit(std::unique_ptr<otel::sdk::SignalHandle> handle, const char* signal) {
  if (!handle) return;
  std::shared_ptr<otel::sdk::SignalHandle> shared = std::move(handle);
  AddShutdownHook([shared, signal] {
    if (!shared->shutdown(RemainingShutdownBudget())) {
      // stderr only: the logs signal may be the one that is gone.
      fprintf(stderr, "telemetry: %s were not all exported before shutdown\n", signal);
    }
  });
}

// The HTTP server instrumentation as a common::Service interceptor: a SERVER span named
// after the route ("GET /") around each traced handler, context from the request headers.
void InstrumentServers() {
  AddServerInterceptor([trace = otel::instrumentation::httplib::request_tracer()](
                           const RouteInfo& route, const httplib::Request& req,
                           httplib::Response& res, const std::function<void()>& next) {
    if (route.traced) {
      trace(req, res, route.route, next);
    } else {
      next();
    }
  });
}

// A transport failure's error.type: the client's own class of what went wrong on the
// wire ("timeout", "connection_failed", "read_error", ...), or "_OTHER" without one.
std::string_view ErrorTypeFor(const UpstreamFailure& failure) {
  if (!failure.error_type.empty()) return failure.error_type;
  return "_OTHER";
}

// The HTTP client instrumentation as a common::SendRequest interceptor: a CLIENT span per
// outgoing call, traceparent/baggage injected into its headers.
void InstrumentClients() {
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
  if (resource.get("service.instance.id") == nullptr) {
    resource = resource.merge(otel::Resource({{"service.instance.id", RandomUuid()}}));
  }
  return resource;
}

void setup_tracing(const otel::Resource& resource) {
  ShutDownAtExit(otel::sdk::setup_traces_from_env(SettingsFor(resource)), "spans");
  SetTraceIdProvider([]() -> std::optional<std::string> {
    const otel::trace::SpanContext& context = otel::Context::current().span_context();
    if (!context.is_valid()) return std::nullopt;
    return context.trace_id().to_hex();
  });
}

void setup_metrics(const otel::Resource& resource) {
  setenv("OTEL_METRIC_EXPORT_INTERVAL", kDefaultMetricExportIntervalMs, /*overwrite=*/0);
  ShutDownAtExit(otel::sdk::setup_metrics_from_env(SettingsFor(resource)), "metrics");
}

void setup_logging(const otel::Resource& resource) {
  ShutDownAtExit(otel::sdk::setup_logs_from_env(SettingsFor(resource)), "log records");
  // The sink looks up the global LoggerProvider per message: with the SDK disabled it
  // is a no-op provider and the sink costs next to nothing.
  spdlog::default_logger()->sinks().push_back(std::make_shared<otel::logs::SpdlogSink>());
}

void instrument_http() {
  // Twice would nest a second span around every request and call.
  static std::once_flag instrumented;
  std::call_once(instrumented, [] {
    InstrumentServers();
    InstrumentClients();
  });
}

}  // namespace common::telemetry
