// frontend: the web page. GET / shows the form; POST / asks the gateway and
// shows where the ISS is and how far away, or what went wrong. The workshop's solution
// for Section 4's bonus: the form submission's SERVER span starts the whole trace, and
// the result page links to it (TRACE_UI_URL). workshop/frontend/ is the same service
// before instrumentation.
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "gateway_client.h"
#include "otel/logs/setup.h"
#include "otel/metrics/setup.h"
#include "otel/spdlog/otel_sink.h"
#include "otel/trace/setup.h"
#include "routes.h"

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

int main() {
  return common::RunMain("frontend", [] {
    common::SetupConsoleLogging("frontend");
    // Settings first: a missing or bad one stops the service with one line.
    const frontend::FrontendSettings settings = frontend::FrontendSettingsFromEnv();
    common::Service service(common::ServerOptionsFromEnv("frontend"));

    const otel::Resource resource = telemetry::MakeResource({
        {otel::semconv::kServiceName, "frontend"},
        {otel::semconv::kDeploymentEnvironmentName, "dev"},
        {otel::semconv::kServiceVersion, telemetry::ServiceVersion()},
    });
    spdlog::info("resource: {}", resource.to_string());
    setup_tracing(resource);
    setup_metrics(resource);
    setup_logging(resource);
    telemetry::instrument_server(service);  // the form's POST / starts the whole trace
    telemetry::instrument_client();         // ... and carries it to the gateway

    frontend::AddRoutes(service, settings);

    spdlog::info("started application (gateway: {})", settings.gateway_url);
    return service.Run();
  });
}
