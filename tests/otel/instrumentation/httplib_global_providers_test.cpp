// Instrumenting before the SDK is set up (the global providers are still no-ops) must
// start recording once setup_tracing()/setup_metrics() install real providers.
#include <gtest/gtest.h>

#include "instrumentation/httplib_test_support.h"

namespace instr_test {
namespace {

using otel::trace::SpanKind;

TEST(HttplibGlobalProvidersTest, ProvidersInstalledAfterInstrumentingAreUsed) {
  TestTelemetry telemetry;  // not global yet
  TestServer app;
  ih::instrument_server(app.server);  // default options: the global providers
  app.server.Get("/", ih::traced_route("/", [](const httplib::Request&, httplib::Response& res) {
                   res.set_content("hi", "text/plain");
                 }));
  app.start();
  ih::InstrumentedClient client(app.url());

  otel::trace::set_tracer_provider(otel::trace::TracerProvider::noop());
  ASSERT_TRUE(client.get("/"));
  EXPECT_TRUE(telemetry.spans().empty());

  otel::trace::set_tracer_provider(telemetry.tracer_provider);
  otel::metrics::set_meter_provider(telemetry.meter_provider);
  ASSERT_TRUE(client.get("/"));
  SpanPtr server = telemetry.only(SpanKind::kServer);
  SpanPtr client_span = telemetry.only(SpanKind::kClient);
  ASSERT_TRUE(server && client_span);
  EXPECT_EQ(server->name, "GET /");
  EXPECT_EQ(server->parent_span_id, client_span->context.span_id());
  auto metrics = telemetry.collect();
  EXPECT_NE(find_metric(metrics, "http.server.request.duration"), nullptr);
  EXPECT_NE(find_metric(metrics, "http.client.request.duration"), nullptr);
  // Leave the process's globals as no-ops for whatever runs next in this binary.
  otel::trace::set_tracer_provider(otel::trace::TracerProvider::noop());
  otel::metrics::MeterProviderOptions disabled;
  disabled.enabled = false;
  otel::metrics::set_meter_provider(
      std::make_shared<otel::metrics::MeterProvider>(std::move(disabled)));
}

}  // namespace
}  // namespace instr_test
