// What the services' telemetry needs beyond the OpenTelemetry SDK itself: the parts of
// the setup that are this project's, not OpenTelemetry teaching. Each service's main.cpp
// writes its own setup_tracing / setup_metrics / setup_logging from the SDK's building
// blocks (exporter -> processor or reader -> provider -> global), as the workshop's
// app.py does, and calls these:
//
//   const otel::Resource resource = common::telemetry::MakeResource({
//       {otel::semconv::kServiceName, "gateway"}, ...});
//   ...                                            // in setup_tracing(), after set_*_provider:
//   common::telemetry::shut_down_at_exit(provider);   // flushed when the service stops
//   ...
//   common::telemetry::instrument_server(service);    // Section 4: FlaskInstrumentor
//   common::telemetry::instrument_client();           // Section 4: RequestsInstrumentor
//
// Exports are asynchronous with the batch processors: a missing, slow or failing
// collector never delays a request.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/server.h"
#include "otel/common/attribute_value.h"
#include "otel/resource/resource.h"
#include "otel/semconv.h"  // the attribute names MakeResource's callers write

namespace otel::trace {
class TracerProvider;
}
namespace otel::metrics {
class MeterProvider;
}
namespace otel::logs {
class LoggerProvider;
}

namespace common::telemetry {

// The project's version (CMake project VERSION), for service.version.
std::string_view ServiceVersion();

// otel::Resource::create(attributes) (the SDK's detected attributes: telemetry.sdk.*,
// host.name, process.*) with two things of this project's: OTEL_RESOURCE_ATTRIBUTES /
// OTEL_SERVICE_NAME win over the code's attributes, so a deployment can relabel a
// service, and a random service.instance.id keeps replicas apart.
otel::Resource MakeResource(const otel::Attributes& attributes);

// Shuts `provider` down when the service stops (after common::Service::Run() returned,
// before the process exits): what it still buffers is exported. All providers share
// one budget of 1.5 s, so a stop stays within the contract's few seconds even when the
// collector is gone. Null providers are ignored.
void shut_down_at_exit(std::shared_ptr<otel::trace::TracerProvider> provider);
void shut_down_at_exit(std::shared_ptr<otel::metrics::MeterProvider> provider);
void shut_down_at_exit(std::shared_ptr<otel::logs::LoggerProvider> provider);

// Section 4, the counterpart of Python's FlaskInstrumentor().instrument_app(app): a
// SERVER span around every traced route of `service` (named after the route, "GET /"),
// continuing the caller's trace from its traceparent/baggage headers, and the
// http.server.request.duration histogram. Whether routes are declared before or after
// this call does not matter. Once per service.
void instrument_server(Service& service);

// Section 4, the counterpart of Python's RequestsInstrumentor().instrument(): a CLIENT
// span around every outgoing common::SendRequest, its context injected as
// traceparent/baggage headers, and the http.client.request.duration histogram. For the
// whole process; calling it again changes nothing.
void instrument_client();

}  // namespace common::telemetry
