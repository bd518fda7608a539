// The server instrumentation against a real httplib server on loopback, called through
// the instrumented client: spans, parent/child links, attributes, status, propagation.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "instrumentation/httplib_test_support.h"
#include "otel/context/context.h"

namespace instr_test {
namespace {

using otel::trace::SpanKind;
using otel::trace::StatusCode;

class HttplibServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ih::ServerOptions options;
    options.providers = telemetry.providers();
    ih::instrument_server(app.server, options);
    auto tracer = telemetry.tracer_provider->get_tracer("handler-code");
    app.server.Get("/hello", ih::traced_route("/hello", [this, tracer](const httplib::Request& req,
                                                                       httplib::Response& res) {
                     received_traceparent = req.get_header_value("traceparent");
                     auto baggage = otel::Context::current().baggage().get("user");
                     received_baggage = baggage ? std::string(*baggage) : "<none>";
                     auto inner = tracer->start_as_current_span("inner-work");
                     res.set_content("hi", "text/plain");
                   }));
    app.server.Get("/fail",
                   ih::traced_route("/fail", [](const httplib::Request&, httplib::Response& res) {
                     res.status = 500;
                   }));
    app.server.Get("/bad",
                   ih::traced_route("/bad", [](const httplib::Request&, httplib::Response& res) {
                     res.status = 400;
                   }));
    app.server.Get("/throw",
                   ih::traced_route("/throw", [](const httplib::Request&, httplib::Response&) {
                     throw std::runtime_error("boom");
                   }));
    app.server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("ok", "text/plain");
    });
    app.server.Get("/untemplated", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("x", "text/plain");
    });
    app.start();
    client = std::make_unique<ih::InstrumentedClient>(app.url(),
                                                      ih::ClientOptions{telemetry.providers()});
  }

  TestTelemetry telemetry;
  TestServer app;
  std::unique_ptr<ih::InstrumentedClient> client;
  std::string received_traceparent;
  std::string received_baggage;
};

TEST_F(HttplibServerTest, ClientAndServerSpansFormOneTraceWithSemconvAttributes) {
  auto result = client->get("/hello?city=Oslo");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);

  SpanPtr server = telemetry.only(SpanKind::kServer);
  SpanPtr client_span = telemetry.only(SpanKind::kClient);
  SpanPtr inner = telemetry.only(SpanKind::kInternal);
  ASSERT_TRUE(server && client_span && inner) << telemetry.spans().size() << " spans";

  EXPECT_EQ(server->name, "GET /hello");
  EXPECT_EQ(client_span->name, "GET");
  EXPECT_EQ(server->context.trace_id(), client_span->context.trace_id());
  EXPECT_EQ(server->parent_span_id, client_span->context.span_id());
  EXPECT_TRUE(server->parent_is_remote);
  EXPECT_FALSE(client_span->parent_span_id.is_valid());  // the test thread had no span
  // The span created inside the handler is the server span's child.
  EXPECT_EQ(inner->context.trace_id(), server->context.trace_id());
  EXPECT_EQ(inner->parent_span_id, server->context.span_id());
  // The header that reached the handler names the client span.
  EXPECT_EQ(received_traceparent, "00-" + client_span->context.trace_id().to_hex() + "-" +
                                      client_span->context.span_id().to_hex() + "-01");

  const std::string port = std::to_string(app.port);
  EXPECT_EQ(attr(server, "http.request.method"), "GET");
  EXPECT_EQ(attr(server, "url.path"), "/hello");
  EXPECT_EQ(attr(server, "url.scheme"), "http");
  EXPECT_EQ(attr(server, "url.query"), "city=Oslo");
  EXPECT_EQ(attr(server, "http.route"), "/hello");
  EXPECT_EQ(attr(server, "http.response.status_code"), "200");
  EXPECT_EQ(attr(server, "server.address"), "127.0.0.1");
  EXPECT_EQ(attr(server, "server.port"), port);
  EXPECT_EQ(attr(server, "client.address"), "127.0.0.1");
  EXPECT_EQ(attr(server, "user_agent.original").rfind("cpp-httplib/", 0), 0u);
  EXPECT_EQ(attr(server, "network.protocol.version"), "1.1");
  EXPECT_EQ(attr(server, "error.type"), "<absent>");
  EXPECT_EQ(server->status_code, StatusCode::kUnset);

  EXPECT_EQ(attr(client_span, "http.request.method"), "GET");
  EXPECT_EQ(attr(client_span, "url.full"), app.url() + "/hello?city=Oslo");
  EXPECT_EQ(attr(client_span, "server.address"), "127.0.0.1");
  EXPECT_EQ(attr(client_span, "server.port"), port);
  EXPECT_EQ(attr(client_span, "http.response.status_code"), "200");
  EXPECT_EQ(client_span->status_code, StatusCode::kUnset);
}

TEST_F(HttplibServerTest, BaggageOfTheCallerReachesTheHandlerContext) {
  auto scope = otel::Context::current().with_baggage(otel::Baggage().set("user", "alice")).attach();
  ASSERT_TRUE(client->get("/hello"));
  EXPECT_EQ(received_baggage, "alice");
}

TEST_F(HttplibServerTest, ServerErrorMarksBothSpansAsErrors) {
  auto result = client->get("/fail");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  SpanPtr server = telemetry.only(SpanKind::kServer);
  SpanPtr client_span = telemetry.only(SpanKind::kClient);
  ASSERT_TRUE(server && client_span);
  EXPECT_EQ(server->status_code, StatusCode::kError);
  EXPECT_EQ(attr(server, "error.type"), "500");
  EXPECT_EQ(attr(server, "http.response.status_code"), "500");
  EXPECT_EQ(client_span->status_code, StatusCode::kError);
  EXPECT_EQ(attr(client_span, "error.type"), "500");
}

TEST_F(HttplibServerTest, ClientErrorIsAnErrorForTheClientOnly) {
  ASSERT_TRUE(client->get("/bad"));
  SpanPtr server = telemetry.only(SpanKind::kServer);
  SpanPtr client_span = telemetry.only(SpanKind::kClient);
  ASSERT_TRUE(server && client_span);
  EXPECT_EQ(server->status_code, StatusCode::kUnset);  // 4xx: the server did its job
  EXPECT_EQ(attr(server, "error.type"), "<absent>");
  EXPECT_EQ(attr(server, "http.response.status_code"), "400");
  EXPECT_EQ(client_span->status_code, StatusCode::kError);
  EXPECT_EQ(attr(client_span, "error.type"), "400");
}

TEST_F(HttplibServerTest, HandlerExceptionIsRecordedWithItsType) {
  auto result = client->get("/throw");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 500);
  SpanPtr server = telemetry.only(SpanKind::kServer);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->name, "GET /throw");
  EXPECT_EQ(server->status_code, StatusCode::kError);
  EXPECT_EQ(attr(server, "error.type"), "std::runtime_error");
  EXPECT_EQ(attr(server, "http.response.status_code"), "500");
  ASSERT_EQ(server->events.size(), 1u);
  EXPECT_EQ(server->events[0].name, "exception");
  EXPECT_NE(otel::find_attribute(server->events[0].attributes, "exception.message"), nullptr);
}

TEST_F(HttplibServerTest, UnknownRouteGetsAMethodOnlySpanWith404) {
  auto result = client->get("/nowhere");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 404);
  SpanPtr server = telemetry.only(SpanKind::kServer);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->name, "GET");
  EXPECT_EQ(attr(server, "http.route"), "<absent>");
  EXPECT_EQ(attr(server, "http.response.status_code"), "404");
  EXPECT_EQ(server->status_code, StatusCode::kUnset);
}

TEST_F(HttplibServerTest, RouteWithoutTracedRouteIsStillTracedByMethod) {
  ASSERT_TRUE(client->get("/untemplated"));
  SpanPtr server = telemetry.only(SpanKind::kServer);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->name, "GET");
  EXPECT_EQ(attr(server, "url.path"), "/untemplated");
}

TEST_F(HttplibServerTest, HealthzIsNotTraced) {
  auto result = client->get("/healthz");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(telemetry.only(SpanKind::kServer), nullptr);
  EXPECT_NE(telemetry.only(SpanKind::kClient), nullptr);  // the caller's own span remains
  ASSERT_TRUE(client->get("/hello"));                     // and the next request is traced as usual
  EXPECT_NE(telemetry.only(SpanKind::kServer), nullptr);
}

TEST_F(HttplibServerTest, MalformedTraceparentStartsANewTrace) {
  httplib::Client raw(app.url());
  auto result = raw.Get("/hello", {{"traceparent", "00-not-a-trace-id-01"}});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, 200);
  SpanPtr server = telemetry.only(SpanKind::kServer);
  ASSERT_TRUE(server);
  EXPECT_TRUE(server->context.trace_id().is_valid());
  EXPECT_FALSE(server->parent_span_id.is_valid());
}

TEST_F(HttplibServerTest, IncomingTraceparentIsContinued) {
  httplib::Client raw(app.url());
  const std::string trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  auto result = raw.Get("/hello", {{"traceparent", "00-" + trace_id + "-00f067aa0ba902b7-01"}});
  ASSERT_TRUE(result);
  SpanPtr server = telemetry.only(SpanKind::kServer);
  ASSERT_TRUE(server);
  EXPECT_EQ(server->context.trace_id().to_hex(), trace_id);
  EXPECT_EQ(server->parent_span_id.to_hex(), "00f067aa0ba902b7");
}

// One worker thread serves every request, so a context left behind by one request (a
// 404, an exception) would become the next request's parent.
TEST(HttplibServerThreadTest, NoContextLeaksBetweenRequestsOnOneWorkerThread) {
  TestTelemetry telemetry;
  TestServer app(/*threads=*/1);
  ih::ServerOptions options;
  options.providers = telemetry.providers();
  ih::instrument_server(app.server, options);
  app.server.Get("/throw",
                 ih::traced_route("/throw", [](const httplib::Request&, httplib::Response&) {
                   throw std::logic_error("bad");
                 }));
  app.server.Get("/ok", [](const httplib::Request&, httplib::Response& res) {
    // Nothing but the server span may be current here.
    res.set_content(otel::Context::current().span_context().trace_id().to_hex(), "text/plain");
  });
  app.start();
  httplib::Client raw(app.url());
  ASSERT_TRUE(raw.Get("/missing"));
  ASSERT_TRUE(raw.Get("/throw"));
  auto ok = raw.Get("/ok");
  ASSERT_TRUE(ok);
  auto spans = telemetry.spans();
  ASSERT_EQ(spans.size(), 3u);
  for (const auto& span : spans) EXPECT_FALSE(span->parent_span_id.is_valid()) << span->name;
  EXPECT_NE(spans[0]->context.trace_id(), spans[2]->context.trace_id());
  EXPECT_NE(spans[1]->context.trace_id(), spans[2]->context.trace_id());
  EXPECT_EQ(ok->body, spans[2]->context.trace_id().to_hex());
}

// Concurrent requests on several worker threads: every server span belongs to the one
// client span that sent its request, and every handler saw its own server span.
TEST(HttplibServerThreadTest, ConcurrentRequestsKeepTheirOwnContexts) {
  TestTelemetry telemetry;
  TestServer app(/*threads=*/4);
  ih::ServerOptions options;
  options.providers = telemetry.providers();
  ih::instrument_server(app.server, options);
  app.server.Get("/work",
                 ih::traced_route("/work", [](const httplib::Request&, httplib::Response& res) {
                   std::string before = otel::Context::current().span_context().span_id().to_hex();
                   std::this_thread::sleep_for(std::chrono::milliseconds(2));
                   res.set_content(before, "text/plain");
                 }));
  app.start();
  constexpr int kThreads = 4;
  constexpr int kRequestsEach = 15;
  std::vector<std::thread> callers;
  std::atomic<int> failures{0};
  std::mutex bodies_mutex;
  std::set<std::string> bodies;  // the span id each handler saw as current
  for (int t = 0; t < kThreads; ++t) {
    callers.emplace_back([&] {
      ih::InstrumentedClient client(app.url(), {telemetry.providers()});
      for (int i = 0; i < kRequestsEach; ++i) {
        auto result = client.get("/work");
        if (!result) {
          ++failures;
          continue;
        }
        std::lock_guard lock(bodies_mutex);
        bodies.insert(result->body);
      }
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(failures.load(), 0);
  std::map<std::string, SpanPtr> clients_by_id;
  std::vector<SpanPtr> servers;
  for (const auto& span : telemetry.spans()) {
    if (span->kind == SpanKind::kClient) clients_by_id[span->context.span_id().to_hex()] = span;
    if (span->kind == SpanKind::kServer) servers.push_back(span);
  }
  ASSERT_EQ(servers.size(), static_cast<std::size_t>(kThreads * kRequestsEach));
  ASSERT_EQ(clients_by_id.size(), servers.size());
  std::set<std::string> parents;
  std::set<std::string> server_ids;
  for (const auto& server : servers) {
    server_ids.insert(server->context.span_id().to_hex());
    auto client = clients_by_id.find(server->parent_span_id.to_hex());
    ASSERT_NE(client, clients_by_id.end());
    EXPECT_EQ(client->second->context.trace_id(), server->context.trace_id());
    parents.insert(client->first);
  }
  EXPECT_EQ(parents.size(), servers.size());  // one server span per client span
  EXPECT_EQ(bodies, server_ids);              // each handler ran inside its own span
}

}  // namespace
}  // namespace instr_test
