#include <gtest/gtest.h>
#include <stdlib.h>

#include <sstream>

#include "otel/exporters/console/console_span_exporter.h"
#include "otel/propagation/text_map.h"
#include "otel/sdk/configure.h"
#include "otel/trace/setup.h"

using namespace otel;

TEST(ConsoleExporter, PrintsReadableSpans) {
  std::ostringstream out;
  trace::TracerProviderOptions options;
  options.resource = Resource(otel::Attributes{{"service.name", "console-svc"}});
  options.processors.push_back(std::make_unique<trace::SimpleSpanProcessor>(
      std::make_unique<exporters::console::ConsoleSpanExporter>(out)));
  auto provider = trace::TracerProvider::create(std::move(options));
  auto span = provider->get_tracer("lib", "2.0")->start_span("getting-coordinates");
  span->set_attribute("location", "Paris").set_status(trace::StatusCode::kError, "nope");
  span->end();
  const auto text = out.str();
  EXPECT_NE(text.find("span getting-coordinates (INTERNAL"), std::string::npos) << text;
  EXPECT_NE(text.find("location = Paris"), std::string::npos);
  EXPECT_NE(text.find("status: ERROR (nope)"), std::string::npos);
  EXPECT_NE(text.find("service.name: console-svc"), std::string::npos);
  EXPECT_NE(text.find(span->span_context().trace_id().to_hex()), std::string::npos);
}

TEST(Configure, FromEnvInstallsProviderAndPropagator) {
  setenv("OTEL_TRACES_EXPORTER", "none", 1);
  setenv("OTEL_METRICS_EXPORTER", "none", 1);
  setenv("OTEL_LOGS_EXPORTER", "none", 1);
  setenv("OTEL_SERVICE_NAME", "configured", 1);
  unsetenv("OTEL_SDK_DISABLED");
  unsetenv("OTEL_PROPAGATORS");
  {
    auto sdk = sdk::configure_from_env();
    auto provider = trace::get_tracer_provider();
    EXPECT_FALSE(provider->is_noop());
    EXPECT_EQ(provider->resource().get("service.name")->to_string(), "configured");
    EXPECT_EQ(propagation::global_propagator()->fields().size(), 3u);
    auto span = trace::get_tracer("t")->start_span("recorded");
    EXPECT_TRUE(span->is_recording());
    span->end();
    EXPECT_TRUE(sdk.force_flush());
  }
  // The handle shut the provider down: spans are no longer recorded.
  EXPECT_FALSE(trace::get_tracer("t")->start_span("late")->is_recording());
  unsetenv("OTEL_SERVICE_NAME");
}

TEST(Configure, SdkDisabledGivesNoops) {
  setenv("OTEL_SDK_DISABLED", "true", 1);
  auto sdk = sdk::configure_from_env();
  EXPECT_TRUE(trace::get_tracer_provider()->is_noop());
  EXPECT_FALSE(trace::get_tracer("t")->start_span("x")->is_recording());
  unsetenv("OTEL_SDK_DISABLED");
}

TEST(Configure, ExporterNamesFromEnv) {
  setenv("OTEL_TRACES_EXPORTER", "console,none,bogus", 1);
  EXPECT_EQ(trace::span_processors_from_env().size(), 1u);
  setenv("OTEL_TRACES_EXPORTER", "none", 1);
  EXPECT_TRUE(trace::span_processors_from_env().empty());
  unsetenv("OTEL_TRACES_EXPORTER");
  EXPECT_EQ(trace::span_processors_from_env().size(), 1u);  // otlp by default
}
