// iss-distance-service: GET /?latitude=..&longitude=.. -> how far the ISS is.
// The workshop's solution. main.cpp sets telemetry up as the workshop's app.py does: the
// resource (Section 0), then metrics, logging and tracing (Sections 1-3), each from the
// SDK's building blocks, and the HTTP server instrumentation (Section 4);
// distance_handler.cpp counts, logs and traces the requests.
// workshop/iss-distance-service/ is the same service before instrumentation.
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "distance_request.h"
#include "otel/logs/setup.h"
#include "otel/metrics/setup.h"
#include "otel/spdlog/otel_sink.h"
#include "otel/trace/setup.h"
#include "position_source_factory.h"

namespace telemetry = common::telemetry;

// Section 1: metrics, exported every second.
void setup_metrics(const otel::Resource& resource) {
  auto exporter = otel::metrics::metric_exporter_from_env();
  auto reader = otel::metrics::PeriodicExportingMetricReader::create(std::move(exporter),
                                                                     std::chrono::seconds(1));
  auto provider = otel::metrics::MeterProvider::create(resource, std::move(reader));
  otel::metrics::set_meter_provider(provider);
  telemetry::shut_down_at_exit(provider);
}

// Section 2: logs. Every spdlog line also becomes an OpenTelemetry log record.
void setup_logging(const otel::Resource& resource) {
  auto exporter = otel::logs::log_exporter_from_env();
  auto processor = otel::logs::BatchLogRecordProcessor::create(std::move(exporter));
  auto provider = otel::logs::LoggerProvider::create(resource, std::move(processor));
  otel::logs::set_logger_provider(provider);
  telemetry::shut_down_at_exit(provider);

  auto handler = std::make_shared<otel::logs::SpdlogSink>(provider);
  spdlog::default_logger()->sinks().push_back(handler);
}

// Section 3: traces.
void setup_tracing(const otel::Resource& resource) {
  auto exporter = otel::trace::span_exporter_from_env();
  auto processor = otel::trace::BatchSpanProcessor::create(std::move(exporter));
  auto provider = otel::trace::TracerProvider::create(resource, std::move(processor));
  otel::trace::set_tracer_provider(provider);
  telemetry::shut_down_at_exit(provider);
}

int main() {
  return common::RunMain("iss-distance-service", [] {
    common::SetupConsoleLogging("iss-distance-service");
    // Settings first: a missing or bad one stops the service with one line.
    std::unique_ptr<iss::IssPositionSource> source = iss::PositionSourceFromEnv();
    common::Service service(common::ServerOptionsFromEnv("iss-distance-service"));

    const otel::Resource resource = telemetry::MakeResource({
        {otel::semconv::kServiceName, "iss-distance-service"},
        {otel::semconv::kDeploymentEnvironmentName, "dev"},
        {otel::semconv::kServiceVersion, telemetry::ServiceVersion()},
    });
    spdlog::info("resource: {}", resource.to_string());
    setup_metrics(resource);
    setup_logging(resource);
    setup_tracing(resource);
    telemetry::instrument_server(service);  // Section 4: continue the caller's trace
    telemetry::instrument_client();         // ... and its calls to the ISS API (ISS_SOURCE=live)

    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      iss::HandleDistanceRequest(req, res, *source);
    });

    spdlog::info("started application (ISS position source: {})", source->name());
    return service.Run();
  });
}
