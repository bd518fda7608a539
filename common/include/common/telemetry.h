// The services' OpenTelemetry setup, one function per signal, named after the
// workshop's app.py (setup_tracing, setup_metrics, setup_logging), so a service's
// main.cpp reads like the workshop's:
//
//   const otel::Resource resource = common::telemetry::MakeResource({
//       {"service.name", "gateway"}, {"deployment.environment.name", "dev"}, ...});
//   common::telemetry::setup_tracing(resource);
//   common::telemetry::setup_metrics(resource);
//   common::telemetry::setup_logging(resource);
//   common::telemetry::instrument_http();  // Section 4: spans and context across services
//
// Everything is configured by the standard OTEL_* variables (the SDK reads them);
// OTEL_SDK_DISABLED=true leaves no-op providers while trace context still flows.
// Exports are asynchronous: a missing, slow or failing collector never delays a
// request. Each setup registers a shutdown hook (common::AddShutdownHook) that
// flushes what was recorded, bounded in time, after the server stopped.
//
// Call instrument_http() BEFORE declaring the service's routes: the HTTP server
// instrumentation is a server interceptor, which applies to routes declared later.
#pragma once

#include <string>
#include <string_view>

#include "otel/common/attribute_value.h"
#include "otel/resource/resource.h"

namespace common::telemetry {

// The project's version (CMake project VERSION), for service.version.
std::string_view ServiceVersion();

// The resource: `attributes` from code as defaults, the SDK's detected attributes
// (telemetry.sdk.*, host.name, process.pid), and OTEL_RESOURCE_ATTRIBUTES /
// OTEL_SERVICE_NAME on top, so the environment can still rename or relabel a service.
otel::Resource MakeResource(const otel::Attributes& attributes);

// Traces: the global TracerProvider from OTEL_* (batch OTLP export by default), and
// the current trace id for common::CurrentTraceId() (the frontend's trace link).
// Spans come from the service's own code; HTTP spans from instrument_http().
void setup_tracing(const otel::Resource& resource);

// Metrics: the global MeterProvider from OTEL_*, exporting every second unless
// OTEL_METRIC_EXPORT_INTERVAL says otherwise (as in the workshop). The HTTP
// instrumentation records http.server/client.request.duration into it.
void setup_metrics(const otel::Resource& resource);

// Logs: the global LoggerProvider from OTEL_*, and an OpenTelemetry sink on spdlog's
// default logger, so every spdlog line also becomes a log record carrying the active
// span's trace and span id. Call after common::SetupConsoleLogging().
void setup_logging(const otel::Resource& resource);

// Distributed tracing (the workshop's Section 4), what Python's
// FlaskInstrumentor().instrument_app(app) and RequestsInstrumentor().instrument() do:
// - server: a SERVER span named after the route ("GET /") around every traced route of
//   the common::Service routes declared AFTER this call, continuing the caller's trace
//   from its traceparent/baggage headers, and the http.server.request.duration histogram;
// - client: a CLIENT span around every common::SendRequest, its context injected as
//   traceparent/baggage headers, and the http.client.request.duration histogram.
// Without it a service still records its own spans, but every request starts a new
// trace and nothing is propagated downstream. Call once, before declaring routes; it
// may come before or after setup_tracing()/setup_metrics().
void instrument_http();

}  // namespace common::telemetry
