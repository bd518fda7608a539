// The examples of docs/sdk-guide.md, compiled and run: each snippet in the guide is a
// piece of this file (tests/docs/check_docs.py checks that), and each test asserts
// that the example does what the guide says. Providers are built in code with
// in-memory exporters so the tests need no collector and no environment.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "otel/exporters/otlp/otlp_proto_common.h"
#include "otel/logs/logger_provider.h"
#include "otel/logs/processors.h"
#include "otel/metrics/meter_provider.h"
#include "otel/propagation/text_map.h"
#include "otel/sdk/configure.h"
#include "otel/spdlog/otel_sink.h"
#include "otel/trace/span_processor.h"
#include "otel/trace/tracer_provider.h"
#include "scoped_env.h"

namespace {

// Keeps every log record, for the assertions.
class MemoryLogExporter : public otel::logs::LogRecordExporter {
 public:
  otel::ExportResult export_logs(std::span<const otel::logs::LogData> batch) noexcept override {
    std::lock_guard<std::mutex> lock(mutex_);
    records_.insert(records_.end(), batch.begin(), batch.end());
    return otel::ExportResult::kSuccess;
  }
  bool shutdown(std::chrono::milliseconds) noexcept override { return true; }
  std::vector<otel::logs::LogData> records() {
    std::lock_guard<std::mutex> lock(mutex_);
    return records_;
  }

 private:
  std::mutex mutex_;
  std::vector<otel::logs::LogData> records_;
};

// Installs a global TracerProvider whose spans end up in `spans`.
struct InMemoryTracing {
  InMemoryTracing() {
    auto exporter = std::make_unique<otel::trace::InMemorySpanExporter>();
    spans = exporter.get();
    otel::trace::TracerProviderOptions options;
    options.resource = otel::Resource::create({{"service.name", "sdk-guide"}});
    options.processors.push_back(
        std::make_unique<otel::trace::SimpleSpanProcessor>(std::move(exporter)));
    provider = otel::trace::TracerProvider::create(std::move(options));
    otel::trace::set_tracer_provider(provider);
  }
  ~InMemoryTracing() {
    provider->shutdown();
    otel::trace::set_tracer_provider(otel::trace::TracerProvider::noop());
  }
  const otel::trace::SpanData* Find(const std::string& name) const {
    for (const auto& span : (cached = spans->spans())) {
      if (span->name == name) return span.get();
    }
    return nullptr;
  }
  std::shared_ptr<otel::trace::TracerProvider> provider;
  otel::trace::InMemorySpanExporter* spans = nullptr;
  mutable otel::trace::SpanBatch cached;
};

std::string Attribute(const otel::trace::SpanData& span, std::string_view key) {
  const otel::AttributeValue* value = otel::find_attribute(span.attributes, key);
  return value ? value->to_string() : "<absent>";
}

// --- Setup from the environment --------------------------------------------------------

TEST(SdkGuide, ConfigureFromEnvInstallsRecordingProviders) {
  // No exporter, so nothing leaves the process; the providers still record.
  testsupport::ScopedEnv traces("OTEL_TRACES_EXPORTER", "none");
  testsupport::ScopedEnv metrics("OTEL_METRICS_EXPORTER", "none");
  testsupport::ScopedEnv logs("OTEL_LOGS_EXPORTER", "none");
  testsupport::ScopedEnv name("OTEL_SERVICE_NAME", "sdk-guide");
  {
    auto telemetry = otel::sdk::configure_from_env();  // traces, metrics, logs
    auto tracer = otel::trace::get_tracer("iss-distance-service");
    EXPECT_TRUE(tracer->enabled());
    auto span = tracer->start_as_current_span("calculating-iss-distance");
    EXPECT_TRUE(span->is_recording());
    EXPECT_EQ(otel::find_attribute(otel::trace::get_tracer_provider()->resource().attributes(),
                                   "service.name")
                  ->to_string(),
              "sdk-guide");
  }
  otel::trace::set_tracer_provider(otel::trace::TracerProvider::noop());
}

// --- Traces: the example functions shown in the guide ----------------------------------

struct Position {
  double latitude;
  double longitude;
};

Position GetIssPosition() {
  auto tracer = otel::trace::get_tracer("iss-distance-service");
  auto span = tracer->start_as_current_span("getting-iss-coordinates");
  span->set_attribute("http.request.method", "GET");
  span->set_attribute("http.response.status_code", 200);
  Position position{51.5, -0.12};
  span->set_attribute("iss.position", "51.5,-0.12");
  return position;
}  // the span ends here, and the caller's span is current again

double CalculateDistance(double latitude, double longitude) {
  auto tracer = otel::trace::get_tracer("iss-distance-service");
  auto span = tracer->start_as_current_span("calculating-iss-distance");
  Position iss = GetIssPosition();  // its span is a child of this one
  if (latitude > 90) {
    span->set_status(otel::trace::StatusCode::kError, "latitude above 90");
    return -1;
  }
  return iss.latitude - latitude + iss.longitude - longitude;
}

}  // namespace

TEST(SdkGuide, ScopedSpansNestAndCarryAttributesAndStatus) {
  InMemoryTracing tracing;
  CalculateDistance(48.85, 2.35);
  CalculateDistance(91, 0);
  const otel::trace::SpanData* outer = tracing.Find("calculating-iss-distance");
  const otel::trace::SpanData* inner = tracing.Find("getting-iss-coordinates");
  ASSERT_NE(outer, nullptr);
  ASSERT_NE(inner, nullptr);
  EXPECT_EQ(inner->parent_span_id, outer->context.span_id());
  EXPECT_EQ(inner->context.trace_id(), outer->context.trace_id());
  EXPECT_EQ(Attribute(*inner, "iss.position"), "51.5,-0.12");
  EXPECT_EQ(Attribute(*inner, "http.response.status_code"), "200");
  ASSERT_EQ(tracing.spans->spans().size(), 4u);
  const auto& failed = *tracing.spans->spans()[3];  // the second calculating span
  EXPECT_EQ(failed.status_code, otel::trace::StatusCode::kError);
  EXPECT_EQ(failed.status_message, "latitude above 90");
}

TEST(SdkGuide, WrappedFunctionRunsInItsOwnSpanAndRecordsExceptions) {
  InMemoryTracing tracing;
  auto tracer = otel::trace::get_tracer("iss-distance-service");
  // The decorator form: every call of `fetch` runs in a new current span.
  auto fetch = tracer->wrap("getting-iss-coordinates", [](double latitude) {
    if (latitude > 90) throw std::invalid_argument("latitude above 90");
    return Position{latitude, 0};
  });
  Position position = fetch(51.5);
  EXPECT_THROW(fetch(91), std::invalid_argument);

  EXPECT_EQ(position.latitude, 51.5);
  const auto spans = tracing.spans->spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0]->name, "getting-iss-coordinates");
  EXPECT_EQ(spans[0]->status_code, otel::trace::StatusCode::kUnset);
  EXPECT_EQ(spans[1]->status_code, otel::trace::StatusCode::kError);
  ASSERT_EQ(spans[1]->events.size(), 1u);
  EXPECT_EQ(spans[1]->events[0].name, "exception");
}

TEST(SdkGuide, ManualSpanWithKindAndEvent) {
  InMemoryTracing tracing;
  auto tracer = otel::trace::get_tracer("gateway");
  std::shared_ptr<otel::trace::Span> span =
      tracer->start_span("refresh-elements", otel::trace::SpanKind::kClient);
  span->add_event("elements-downloaded", {{"tle.lines", 2}});
  span->end();  // a span from start_span() is not current, and must be ended

  const otel::trace::SpanData* data = tracing.Find("refresh-elements");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->kind, otel::trace::SpanKind::kClient);
  ASSERT_EQ(data->events.size(), 1u);
  EXPECT_EQ(data->events[0].name, "elements-downloaded");
}

// --- Metrics --------------------------------------------------------------------------

TEST(SdkGuide, CountersAndHistogramsFromAMeter) {
  auto provider = std::make_shared<otel::metrics::MeterProvider>();
  auto reader = std::make_shared<otel::metrics::ManualReader>();
  provider->add_reader(reader);
  otel::metrics::set_meter_provider(provider);

  auto meter = otel::metrics::get_meter_provider()->get_meter("iss-distance-service");
  auto incoming_requests = meter->create_counter<int64_t>("incoming.requests");
  auto iss_requests = meter->create_counter<int64_t>("iss.requests", "ISS API calls by status");
  auto latency = meter->create_histogram<double>("iss.api.duration", "ISS API latency", "s");
  incoming_requests.add(1);
  iss_requests.add(1, {{"response.status", 200}});
  latency.record(0.042, {{"response.status", 200}});

  opentelemetry::proto::metrics::v1::ResourceMetrics collected;
  ASSERT_TRUE(reader->collect(collected));
  std::map<std::string, const opentelemetry::proto::metrics::v1::Metric*> by_name;
  for (const auto& scope : collected.scope_metrics()) {
    for (const auto& metric : scope.metrics()) by_name[metric.name()] = &metric;
  }
  ASSERT_TRUE(by_name.contains("incoming.requests"));
  EXPECT_EQ(by_name["incoming.requests"]->sum().data_points(0).as_int(), 1);
  ASSERT_TRUE(by_name.contains("iss.requests"));
  const auto& point = by_name["iss.requests"]->sum().data_points(0);
  ASSERT_EQ(point.attributes_size(), 1);
  EXPECT_EQ(point.attributes(0).key(), "response.status");
  EXPECT_EQ(point.attributes(0).value().int_value(), 200);
  ASSERT_TRUE(by_name.contains("iss.api.duration"));
  EXPECT_EQ(by_name["iss.api.duration"]->unit(), "s");
  EXPECT_EQ(by_name["iss.api.duration"]->histogram().data_points(0).count(), 1u);

  otel::metrics::MeterProviderOptions disabled;
  disabled.enabled = false;
  otel::metrics::set_meter_provider(std::make_shared<otel::metrics::MeterProvider>(disabled));
}

// --- Logs -----------------------------------------------------------------------------

TEST(SdkGuide, SpdlogLinesBecomeLogRecordsWithTheActiveSpan) {
  InMemoryTracing tracing;
  auto exporter = std::make_shared<MemoryLogExporter>();
  otel::logs::LoggerProviderOptions options;
  options.processors.push_back(std::make_shared<otel::logs::SimpleLogRecordProcessor>(exporter));
  auto logger_provider = std::make_shared<otel::logs::LoggerProvider>(std::move(options));

  auto logger = std::make_shared<spdlog::logger>("iss-distance-service",
                                                 std::make_shared<spdlog::sinks::null_sink_mt>());
  logger->sinks().push_back(std::make_shared<otel::logs::SpdlogSink>(logger_provider));
  otel::trace::TraceId trace_id;
  {
    auto span = otel::trace::get_tracer("iss-distance-service")->start_as_current_span("handle");
    trace_id = span->span_context().trace_id();
    logger->info("received request from IP address: {}", "127.0.0.1");
    logger->warn("missing latitude or longitude");
  }

  const auto records = exporter->records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].record.body.to_string(), "received request from IP address: 127.0.0.1");
  EXPECT_EQ(records[0].record.severity_text, "INFO");
  EXPECT_EQ(records[1].record.severity_text, "WARNING");
  EXPECT_EQ(records[0].record.trace_id, trace_id);
  EXPECT_EQ(records[0].origin->scope.name, "iss-distance-service");
  logger_provider->shutdown();
}

// --- Propagation ----------------------------------------------------------------------

TEST(SdkGuide, InjectAndExtractW3cHeaders) {
  InMemoryTracing tracing;
  otel::propagation::set_global_propagator(
      otel::propagation::propagator_from_names({"tracecontext", "baggage"}));
  auto tracer = otel::trace::get_tracer("gateway");

  // Client side: put the current span's context (and baggage) into the request headers.
  std::map<std::string, std::string> headers;
  otel::trace::TraceId sent;
  {
    auto span = tracer->start_as_current_span("ask-geolocator", otel::trace::SpanKind::kClient);
    sent = span->span_context().trace_id();
    auto baggage_scope =
        otel::Context::current().with_baggage(otel::Baggage().set("user.id", "42")).attach();
    otel::propagation::HeaderCarrier carrier(headers);
    otel::propagation::global_propagator()->inject(otel::Context::current(), carrier);
  }
  EXPECT_TRUE(headers.contains("traceparent"));
  EXPECT_EQ(headers["baggage"], "user.id=42");

  // Server side: continue the trace from the incoming headers.
  otel::propagation::ConstHeaderCarrier incoming(headers);
  otel::Context remote =
      otel::propagation::global_propagator()->extract(incoming, otel::Context::current());
  auto remote_scope = remote.attach();
  auto server_span = tracer->start_as_current_span("GET /", otel::trace::SpanKind::kServer);
  EXPECT_EQ(server_span->span_context().trace_id(), sent);
  EXPECT_EQ(otel::Context::current().baggage().get("user.id"), "42");

  otel::propagation::set_global_propagator(otel::propagation::propagator_from_names({"none"}));
}
