// gateway: GET /?location=X -> geolocator-service, then iss-distance-service.
// The workshop's solution for Section 4: the resource, the setups from the SDK's
// building blocks, the server and client HTTP instrumentation, and a backend's error
// marked on the request's span. workshop/gateway/ is the same service before
// instrumentation.
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "distance_flow.h"
#include "otel/logs/setup.h"
#include "otel/metrics/setup.h"
#include "otel/spdlog/otel_sink.h"
#include "otel/trace/setup.h"

namespace telemetry = common::telemetry;

void setup_tracing(const otel::Resource& resource) {
  auto exporter = otel::trace::span_exporter_from_env();
  auto processor = otel::trace::BatchSpanProcessor::create(std::move(exporter));
  auto provider = otel::trace::TracerProvider::create(resource, std::move(processor));
  otel::trace::set_tracer_provider(provider);
  telemetry::shut_down_at_exit(provider);
}

void setup_metrics(const otel::Resource& resource) {
  auto exporter = otel::metrics::metric_exporter_from_env();
  auto reader = otel::metrics::PeriodicExportingMetricReader::create(std::move(exporter),
                                                                     std::chrono::seconds(1));
  auto provider = otel::metrics::MeterProvider::create(resource, std::move(reader));
  otel::metrics::set_meter_provider(provider);
  telemetry::shut_down_at_exit(provider);
}

void setup_logging(const otel::Resource& resource) {
  auto exporter = otel::logs::log_exporter_from_env();
  auto processor = otel::logs::BatchLogRecordProcessor::create(std::move(exporter));
  auto provider = otel::logs::LoggerProvider::create(resource, std::move(processor));
  otel::logs::set_logger_provider(provider);
  telemetry::shut_down_at_exit(provider);

  auto handler = std::make_shared<otel::logs::SpdlogSink>(provider);
  spdlog::default_logger()->sinks().push_back(handler);
}

// A backend answered non-200: the gateway passes the answer on; mark this request's
// span (the SERVER span of instrument_server) as failed, with the backend's words.
void on_backend_error(const gateway::BackendError& error) {
  const std::shared_ptr<otel::trace::Span>& span = otel::trace::current_span();
  span->set_attribute("error.text", error.text);
  span->set_status(otel::trace::StatusCode::kError, error.text);
}

int main() {
  return common::RunMain("gateway", [] {
    common::SetupConsoleLogging("gateway");
    // Settings first: a missing or bad one stops the service with one line.
    const gateway::GatewaySettings settings = gateway::GatewaySettingsFromEnv();
    common::Service service(common::ServerOptionsFromEnv("gateway"));

    const otel::Resource resource = telemetry::MakeResource({
        {otel::semconv::kServiceName, "gateway"},
        {otel::semconv::kDeploymentEnvironmentName, "dev"},
        {otel::semconv::kServiceVersion, telemetry::ServiceVersion()},
    });
    spdlog::info("resource: {}", resource.to_string());
    setup_tracing(resource);
    setup_metrics(resource);
    setup_logging(resource);
    telemetry::instrument_server(service);  // Python: FlaskInstrumentor().instrument_app(app)
    telemetry::instrument_client();         // Python: RequestsInstrumentor().instrument()

    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      gateway::HandleGatewayRequest(req, res, settings, on_backend_error);
    });

    spdlog::info("started application (geolocator: {}, iss-distance: {})", settings.geolocator_url,
                 settings.iss_distance_url);
    return service.Run();
  });
}
