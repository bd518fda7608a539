#include "gateway_client.h"

#include <gtest/gtest.h>

#include "local_http_server.h"
#include "otel/trace/tracer_provider.h"
#include "process.h"

namespace {

testsupport::LocalHttpServer FakeGateway(int status, std::string body) {
  return testsupport::LocalHttpServer([status, body](httplib::Server& server) {
    server.Get("/", [status, body](const httplib::Request& req, httplib::Response& res) {
      res.status = status;
      std::string answer = body;
      size_t at = answer.find("QUERY");
      if (at != std::string::npos) answer.replace(at, 5, req.get_param_value("location"));
      res.set_content(answer, "application/json");
    });
  });
}

frontend::FrontendSettings SettingsFor(const std::string& url) {
  frontend::FrontendSettings settings;
  settings.gateway_url = url;
  settings.timeouts = common::TimeoutsFor(2);
  return settings;
}

TEST(AskGateway, ReadsTheGatewayAnswer) {
  auto gateway =
      FakeGateway(200, R"({"distance": 1234.5, "location": {"latitude": -8.5, "longitude": 8.25},
      "source": "live", "timestamp": 1700000000,
      "place": {"query": "QUERY", "name": "Lyon, France", "latitude": 45.75, "longitude": 4.85}})");
  int status = 0;
  frontend::PageView view = frontend::AskGateway(SettingsFor(gateway.url()), "Lyon", status);
  EXPECT_EQ(status, 200);
  ASSERT_TRUE(view.result);
  EXPECT_FALSE(view.error);
  EXPECT_DOUBLE_EQ(view.result->distance_km, 1234.5);
  EXPECT_DOUBLE_EQ(view.result->iss_longitude, 8.25);
  EXPECT_EQ(view.result->place_name, "Lyon, France");
  EXPECT_EQ(view.location, "Lyon");
}

TEST(AskGateway, UpstreamErrorsKeepTheirStatusAndText) {
  auto gateway = FakeGateway(404, R"({"error": "No coordinates found for location 'QUERY'"})");
  int status = 0;
  frontend::PageView view = frontend::AskGateway(SettingsFor(gateway.url()), "Atlantis", status);
  EXPECT_EQ(status, 404);
  ASSERT_TRUE(view.error);
  EXPECT_EQ(view.error->message, "No coordinates found for location 'Atlantis'");

  auto odd = FakeGateway(200, R"({"distance": "far"})");
  view = frontend::AskGateway(SettingsFor(odd.url()), "x", status);
  EXPECT_EQ(status, 502);
  ASSERT_TRUE(view.error);
}

TEST(AskGateway, TraceLinkNeedsBothATemplateAndATraceId) {
  auto gateway = FakeGateway(404, R"({"error": "nope"})");
  frontend::FrontendSettings settings = SettingsFor(gateway.url());
  int status = 0;
  settings.trace_ui_url = "http://127.0.0.1:16686/trace/{trace_id}";
  EXPECT_FALSE(frontend::AskGateway(settings, "x", status).trace_url);  // no telemetry yet

  // Inside a span (the SERVER span, once the frontend is traced): a link to its trace.
  auto provider = otel::trace::TracerProvider::create(otel::trace::TracerProviderOptions{});
  auto span = provider->get_tracer("test")->start_as_current_span("POST /");
  EXPECT_EQ(frontend::AskGateway(settings, "x", status).trace_url,
            "http://127.0.0.1:16686/trace/" + span->span_context().trace_id().to_hex());
  settings.trace_ui_url.reset();
  EXPECT_FALSE(frontend::AskGateway(settings, "x", status).trace_url);
}

}  // namespace
