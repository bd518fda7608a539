// How the server instrumentation reads a request's headers (Host, User-Agent and the
// propagation fields, in one pass) and what the client side injects: the same answers
// as httplib's case-insensitive look-ups, no empty propagation headers.
#include <gtest/gtest.h>

#include "httplib_test_support.h"
#include "instrumentation/fake_request.h"
#include "otel/trace/tracer.h"

namespace instr_test {
namespace {

using otel::trace::SpanKind;

constexpr const char* kParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

httplib::Request MakeRequest(httplib::Headers headers) {
  return otel_test::FakeRequest("/r?x=1", "10.0.0.9", 40000, "10.0.0.1", 8080, std::move(headers));
}

// Runs one request through the interceptor form; returns the server span and what the
// handler saw as its context.
struct Traced {
  SpanPtr span;
  otel::Context seen;
};
Traced Trace(TestTelemetry& telemetry, const httplib::Request& req) {
  ih::ServerOptions options;
  options.providers = telemetry.providers();
  Traced out;
  httplib::Response res;
  ih::request_tracer(options)(req, res, "/r", [&] {
    out.seen = otel::Context::current();
    res.status = 200;
  });
  out.span = telemetry.only(SpanKind::kServer);
  return out;
}

TEST(HttplibRequestHeadersTest, HeaderNamesMatchInAnyCase) {
  TestTelemetry telemetry;
  Traced traced = Trace(telemetry, MakeRequest({{"HOST", "Example.org:8443"},
                                                {"user-AGENT", "curl/8.0"},
                                                {"TraceParent", kParent},
                                                {"BAGGAGE", "k=v"}}));
  ASSERT_NE(traced.span, nullptr);
  EXPECT_EQ(traced.span->name, "GET /r");
  EXPECT_EQ(attr(traced.span, "http.route"), "/r");
  EXPECT_EQ(attr(traced.span, "server.address"), "Example.org");
  EXPECT_EQ(attr(traced.span, "server.port"), "8443");
  EXPECT_EQ(attr(traced.span, "user_agent.original"), "curl/8.0");
  EXPECT_EQ(attr(traced.span, "url.query"), "x=1");
  EXPECT_EQ(traced.span->context.trace_id().to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(traced.span->parent_span_id.to_hex(), "00f067aa0ba902b7");
  EXPECT_TRUE(traced.span->parent_is_remote);
  EXPECT_EQ(traced.seen.span_context().span_id(), traced.span->context.span_id());
  ASSERT_TRUE(traced.seen.baggage().get("k"));
  EXPECT_EQ(*traced.seen.baggage().get("k"), "v");
}

// httplib's get_header_value() answers the first of repeated headers: so do we.
TEST(HttplibRequestHeadersTest, FirstOfRepeatedHeadersWins) {
  TestTelemetry telemetry;
  Traced traced = Trace(telemetry, MakeRequest({{"Host", "first.example:81"},
                                                {"host", "second.example:82"},
                                                {"User-Agent", "one"},
                                                {"User-Agent", "two"}}));
  ASSERT_NE(traced.span, nullptr);
  EXPECT_EQ(attr(traced.span, "server.address"), "first.example");
  EXPECT_EQ(attr(traced.span, "server.port"), "81");
  EXPECT_EQ(attr(traced.span, "user_agent.original"), "one");
}

// Without Host the local address stands in; without User-Agent or a traceparent there is
// no attribute and a new trace starts.
TEST(HttplibRequestHeadersTest, AbsentHeadersFallBack) {
  TestTelemetry telemetry;
  Traced traced = Trace(telemetry, MakeRequest({{"Hostname", "not-the-host"},
                                                {"traceparents", kParent},
                                                {"X-User-Agent", "not-the-agent"}}));
  ASSERT_NE(traced.span, nullptr);
  EXPECT_EQ(attr(traced.span, "server.address"), "10.0.0.1");
  EXPECT_EQ(attr(traced.span, "server.port"), "8080");
  EXPECT_EQ(attr(traced.span, "user_agent.original"), "<absent>");
  EXPECT_FALSE(traced.span->parent_span_id.is_valid());
  EXPECT_NE(traced.span->context.trace_id().to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
}

// A CLIENT span injects its traceparent and nothing empty: tracestate and baggage only
// when the context carries them.
TEST(HttplibRequestHeadersTest, ClientInjectsOnlyWhatTheContextCarries) {
  TestTelemetry telemetry;
  ih::ClientOptions options{telemetry.providers()};
  std::vector<std::pair<std::string, std::string>> headers{{"Accept", "*/*"}};
  {
    ih::ClientRequestSpan span("GET", "http://127.0.0.1:9/x", options);
    span.inject(headers);
    span.finish(200);
    ASSERT_EQ(headers.size(), 2u);
    EXPECT_EQ(headers[1].first, "traceparent");
    EXPECT_EQ(headers[1].second, otel::propagation::TraceContextPropagator::format_traceparent(
                                     span.span()->span_context()));
  }
  auto scope = otel::Context::current().with_baggage(otel::Baggage().set("k", "v")).attach();
  headers = {{"TRACEPARENT", "stale"}};
  ih::ClientRequestSpan span("GET", "http://127.0.0.1:9/x", options);
  span.inject(headers);
  span.finish(200);
  std::map<std::string, std::string> injected(headers.begin(), headers.end());
  EXPECT_EQ(injected.size(), 2u);  // the stale value replaced, whatever its case
  EXPECT_EQ(injected["traceparent"].size(), 55u);
  EXPECT_EQ(injected["baggage"], "k=v");
}

}  // namespace
}  // namespace instr_test
