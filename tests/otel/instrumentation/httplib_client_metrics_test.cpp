// Client failures (timeout, refused connection), the duration histograms, the
// interceptor form of the server instrumentation, and the disabled-SDK path.
#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "instrumentation/httplib_test_support.h"
#include "otel/context/context.h"

namespace instr_test {
namespace {

using otel::trace::SpanKind;
using otel::trace::StatusCode;

TEST(HttplibClientTest, SlowServerGivesATimeoutErrorSpan) {
  TestTelemetry telemetry;
  TestServer app;
  ih::ServerOptions options;
  options.providers = telemetry.providers();
  ih::instrument_server(app.server, options);
  app.server.Get("/slow",
                 ih::traced_route("/slow", [](const httplib::Request&, httplib::Response& res) {
                   std::this_thread::sleep_for(std::chrono::milliseconds(700));
                   res.set_content("late", "text/plain");
                 }));
  app.start();
  ih::InstrumentedClient client(app.url(), {telemetry.providers()});
  client.set_read_timeout(std::chrono::milliseconds(200));
  auto result = client.get("/slow");
  EXPECT_FALSE(result);
  SpanPtr client_span = telemetry.only(SpanKind::kClient);
  ASSERT_TRUE(client_span);
  EXPECT_EQ(client_span->status_code, StatusCode::kError);
  EXPECT_EQ(attr(client_span, "error.type"), "timeout");
  EXPECT_EQ(attr(client_span, "http.response.status_code"), "<absent>");
  // The server finishes later, still in the same trace.
  auto spans = telemetry.wait_for_spans(2);
  SpanPtr server = telemetry.only(SpanKind::kServer);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->parent_span_id, client_span->context.span_id());
}

TEST(HttplibClientTest, RefusedConnectionIsAnError) {
  TestTelemetry telemetry;
  int closed_port = 0;
  {
    TestServer gone;
    gone.start();
    closed_port = gone.port;
  }  // stopped: nothing listens there now
  ih::InstrumentedClient client("http://127.0.0.1:" + std::to_string(closed_port),
                                {telemetry.providers()});
  client.set_connection_timeout(std::chrono::milliseconds(500));
  EXPECT_FALSE(client.get("/"));
  SpanPtr span = telemetry.only(SpanKind::kClient);
  ASSERT_TRUE(span);
  EXPECT_EQ(span->status_code, StatusCode::kError);
  EXPECT_EQ(attr(span, "error.type"), "connection_failed");
  EXPECT_EQ(attr(span, "server.port"), std::to_string(closed_port));
}

TEST(HttplibClientTest, UnknownMethodAndCredentialsFollowTheConventions) {
  TestTelemetry telemetry;
  {
    ih::ClientRequestSpan span("PURGE", "http://user:secret@cache.local:8080/item?id=1",
                               {telemetry.providers()});
    span.finish(204);
  }
  {
    ih::ClientRequestSpan abandoned("GET", "https://example.test/x", {telemetry.providers()});
  }  // never finished
  auto spans = telemetry.spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0]->name, "HTTP");
  EXPECT_EQ(attr(spans[0], "http.request.method"), "_OTHER");
  EXPECT_EQ(attr(spans[0], "http.request.method_original"), "PURGE");
  EXPECT_EQ(attr(spans[0], "url.full"), "http://REDACTED:REDACTED@cache.local:8080/item?id=1");
  EXPECT_EQ(attr(spans[0], "server.address"), "cache.local");
  EXPECT_EQ(attr(spans[0], "server.port"), "8080");
  EXPECT_EQ(spans[0]->status_code, StatusCode::kUnset);
  EXPECT_EQ(attr(spans[1], "server.port"), "443");
  EXPECT_EQ(attr(spans[1], "error.type"), "_OTHER");
  EXPECT_EQ(spans[1]->status_code, StatusCode::kError);
}

TEST(HttplibClientTest, InjectsIntoAPairListOfHeaders) {
  TestTelemetry telemetry;
  std::vector<std::pair<std::string, std::string>> headers{{"Traceparent", "stale"}};
  ih::ClientRequestSpan span("GET", "http://127.0.0.1:1/", {telemetry.providers()});
  span.inject(headers);
  ASSERT_EQ(headers.size(), 1u);  // the stale value is replaced, not duplicated
  EXPECT_EQ(headers[0].second, "00-" + span.span()->span_context().trace_id().to_hex() + "-" +
                                   span.span()->span_context().span_id().to_hex() + "-01");
  span.finish(200);
}

TEST(HttplibMetricsTest, DurationHistogramsHaveTheConventionsBucketsAndAttributes) {
  TestTelemetry telemetry;
  TestServer app;
  ih::ServerOptions options;
  options.providers = telemetry.providers();
  ih::instrument_server(app.server, options);
  app.server.Get("/items",
                 ih::traced_route("/items", [](const httplib::Request&, httplib::Response& res) {
                   res.set_content("[]", "application/json");
                 }));
  app.server.Get("/boom",
                 ih::traced_route("/boom", [](const httplib::Request&, httplib::Response&) {
                   throw std::invalid_argument("nope");
                 }));
  app.start();
  ih::InstrumentedClient client(app.url(), {telemetry.providers()});
  ASSERT_TRUE(client.get("/items?page=1"));
  ASSERT_TRUE(client.get("/items?page=2"));
  ASSERT_TRUE(client.get("/boom"));
  ASSERT_TRUE(client.get("/healthz"));  // excluded: no server point (404 here, still excluded)

  auto metrics = telemetry.collect();
  const pbm::Metric* server = find_metric(metrics, "http.server.request.duration");
  const pbm::Metric* client_metric = find_metric(metrics, "http.client.request.duration");
  ASSERT_TRUE(server && client_metric);
  EXPECT_EQ(server->unit(), "s");
  EXPECT_EQ(client_metric->unit(), "s");
  ASSERT_TRUE(server->has_histogram());
  ASSERT_EQ(server->histogram().data_points_size(), 2);
  std::map<std::map<std::string, std::string>, uint64_t> counts;
  for (const auto& point : server->histogram().data_points()) {
    counts[point_attributes(point)] = point.count();
    EXPECT_EQ(std::vector<double>(point.explicit_bounds().begin(), point.explicit_bounds().end()),
              ih::duration_buckets());
    EXPECT_GT(point.sum(), 0.0);
    EXPECT_LT(point.sum(), 5.0);  // seconds, not milliseconds
  }
  std::map<std::string, std::string> ok{{"http.request.method", "GET"},
                                        {"url.scheme", "http"},
                                        {"http.route", "/items"},
                                        {"http.response.status_code", "200"},
                                        {"network.protocol.version", "1.1"}};
  std::map<std::string, std::string> failed{{"http.request.method", "GET"},
                                            {"url.scheme", "http"},
                                            {"http.route", "/boom"},
                                            {"http.response.status_code", "500"},
                                            {"error.type", "std::invalid_argument"},
                                            {"network.protocol.version", "1.1"}};
  EXPECT_EQ(counts[ok], 2u);
  EXPECT_EQ(counts[failed], 1u);

  std::map<std::map<std::string, std::string>, uint64_t> client_counts;
  for (const auto& point : client_metric->histogram().data_points())
    client_counts[point_attributes(point)] = point.count();
  const std::string port = std::to_string(app.port);
  std::map<std::string, std::string> client_ok{{"http.request.method", "GET"},
                                               {"server.address", "127.0.0.1"},
                                               {"server.port", port},
                                               {"http.response.status_code", "200"},
                                               {"network.protocol.version", "1.1"}};
  std::map<std::string, std::string> client_500 = client_ok;
  client_500["http.response.status_code"] = "500";
  client_500["error.type"] = "500";
  EXPECT_EQ(client_counts[client_ok], 2u);
  EXPECT_EQ(client_counts[client_500], 1u);
}

// The interceptor form, as plumbing that wraps every handler uses it (no hooks).
TEST(HttplibInterceptorTest, RequestTracerWrapsHandlersWithoutHooks) {
  TestTelemetry telemetry;
  TestServer app;
  ih::ServerOptions options;
  options.providers = telemetry.providers();
  ih::RequestTracer trace_request = ih::request_tracer(options);
  auto wrap = [trace_request](std::string route, httplib::Server::Handler handler) {
    return [=](const httplib::Request& req, httplib::Response& res) {
      trace_request(req, res, route, [&] { handler(req, res); });
    };
  };
  app.server.Get(
      R"(/v/(\d+))", wrap("/v/{id}", [](const httplib::Request&, httplib::Response& res) {
        // The server span is current for the handler.
        res.set_content(otel::Context::current().span_context().span_id().to_hex(), "text/plain");
      }));
  app.server.Get("/throw", wrap("/throw", [](const httplib::Request&, httplib::Response&) {
                   throw std::out_of_range("deep");
                 }));
  app.server.Get("/healthz", wrap("/healthz", [](const httplib::Request&, httplib::Response& res) {
                   res.set_content("ok", "text/plain");
                 }));
  app.start();
  ih::InstrumentedClient client(app.url(), {telemetry.providers()});
  auto ok = client.get("/v/42");
  ASSERT_TRUE(ok);
  auto thrown = client.get("/throw");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->status, 500);
  ASSERT_TRUE(client.get("/healthz"));

  std::vector<SpanPtr> servers;
  std::vector<SpanPtr> clients;
  for (const auto& span : telemetry.spans())
    (span->kind == SpanKind::kServer ? servers : clients).push_back(span);
  ASSERT_EQ(servers.size(), 2u);  // /healthz excluded
  ASSERT_EQ(clients.size(), 3u);
  EXPECT_EQ(servers[0]->name, "GET /v/{id}");
  EXPECT_EQ(attr(servers[0], "http.route"), "/v/{id}");
  EXPECT_EQ(attr(servers[0], "url.path"), "/v/42");
  EXPECT_EQ(ok->body, servers[0]->context.span_id().to_hex());
  EXPECT_EQ(servers[0]->parent_span_id, clients[0]->context.span_id());
  EXPECT_EQ(servers[1]->name, "GET /throw");
  EXPECT_EQ(attr(servers[1], "error.type"), "std::out_of_range");
  EXPECT_EQ(attr(servers[1], "http.response.status_code"), "500");
  EXPECT_EQ(servers[1]->status_code, StatusCode::kError);
}

// With no SDK (no-op providers) nothing is recorded, but the incoming trace context is
// still current in the handler and flows on to outgoing calls.
TEST(HttplibDisabledTest, NoSdkStillPropagatesTheIncomingContext) {
  otel::propagation::set_global_propagator(
      otel::propagation::propagator_from_names({"tracecontext", "baggage"}));
  otel::metrics::MeterProviderOptions disabled;
  disabled.enabled = false;
  ih::Providers noop{otel::trace::TracerProvider::noop(),
                     std::make_shared<otel::metrics::MeterProvider>(std::move(disabled))};
  TestServer downstream;
  downstream.server.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.get_header_value("traceparent"), "text/plain");
  });
  downstream.start();
  TestServer app;
  ih::ServerOptions options;
  options.providers = noop;
  ih::instrument_server(app.server, options);
  const std::string downstream_url = downstream.url();
  app.server.Get("/call", [&](const httplib::Request&, httplib::Response& res) {
    ih::InstrumentedClient client(downstream_url, {noop});
    auto echoed = client.get("/echo");
    res.set_content(echoed ? echoed->body : "failed", "text/plain");
  });
  app.start();
  httplib::Client raw(app.url());
  const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  auto result = raw.Get("/call", {{"traceparent", traceparent}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->body, traceparent);
}

}  // namespace
}  // namespace instr_test
