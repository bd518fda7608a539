// geolocator-service: GET /?location=X -> {"latitude": .., "longitude": ..}.
// The workshop's solution for Section 4: the resource, the setups from the SDK's
// building blocks and the HTTP instrumentation here; location_handler.cpp traces the
// look-up. workshop/geolocator-service/ is the same service before instrumentation.
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "location_request.h"
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

int main() {
  return common::RunMain("geolocator-service", [] {
    common::SetupConsoleLogging("geolocator-service");
    // Settings first: a missing or bad one stops the service with one line (PORT before
    // the gazetteer's index is built).
    common::Service service(common::ServerOptionsFromEnv("geolocator-service"));
    std::unique_ptr<geo::Geocoder> geocoder = geo::GeocoderFromEnv();

    const otel::Resource resource = telemetry::MakeResource({
        {otel::semconv::kServiceName, "geolocator-service"},
        {otel::semconv::kDeploymentEnvironmentName, "dev"},
        {otel::semconv::kServiceVersion, telemetry::ServiceVersion()},
    });
    spdlog::info("resource: {}", resource.to_string());
    setup_tracing(resource);
    setup_metrics(resource);
    setup_logging(resource);
    telemetry::instrument_server(service);  // Python: FlaskInstrumentor().instrument_app(app)
    telemetry::instrument_client();         // its calls to Nominatim (GEOCODER=nominatim)

    service.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
      geo::HandleLocationRequest(req, res, *geocoder);
    });

    spdlog::info("started application (geocoder: {})", geocoder->name());
    return service.Run();
  });
}
