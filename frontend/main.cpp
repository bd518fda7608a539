// frontend: the web page. GET / shows the form; POST / asks the gateway and
// shows where the ISS is and how far away, or what went wrong. Telemetry as in the
// workshop's app.py; the form submission's SERVER span starts the whole trace.
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "common/server.h"
#include "common/settings.h"
#include "common/telemetry.h"
#include "frontend_assets.h"
#include "gateway_client.h"
#include "page.h"

namespace {

void ServeHtml(httplib::Response& res, int status, const frontend::PageView& view) {
  res.status = status;
  res.set_content(frontend::RenderPage(view), "text/html; charset=utf-8");
}

void ServeAsset(httplib::Response& res, std::string_view content, const char* type) {
  res.set_header("Cache-Control", "public, max-age=3600");
  res.set_content(std::string(content), type);
}

}  // namespace

namespace telemetry = common::telemetry;

int main() {
  return common::RunMain("frontend", [] {
    common::SetupConsoleLogging("frontend");
    const otel::Resource resource = telemetry::MakeResource({
        {"service.name", "frontend"},
        {"deployment.environment.name", "dev"},
        {"service.version", telemetry::ServiceVersion()},
    });
    telemetry::setup_tracing(resource);  // also gives the result page its trace link
    telemetry::setup_metrics(resource);
    telemetry::setup_logging(resource);
    telemetry::instrument_http();  // Section 4: server/client spans, W3C propagation

    const frontend::FrontendSettings settings = frontend::FrontendSettingsFromEnv();

    common::Service service(common::ServerOptionsFromEnv("frontend"));
    service.SetErrorRenderer([](int status, std::string_view message, httplib::Response& res) {
      frontend::PageView view;
      view.error = frontend::ErrorView{status, std::string(message)};
      ServeHtml(res, status, view);
    });
    service.Get("/", [](const httplib::Request&, httplib::Response& res) {
      ServeHtml(res, 200, frontend::PageView{});
    });
    service.Post("/", [&](const httplib::Request& req, httplib::Response& res) {
      int status = 200;
      frontend::PageView view =
          frontend::AskGateway(settings, req.get_param_value("location"), status);
      ServeHtml(res, status, view);
    });
    service.Get(
        "/static/style.css",
        [](const httplib::Request&, httplib::Response& res) {
          ServeAsset(res, frontend::assets::kStyleCss, "text/css; charset=utf-8");
        },
        /*traced=*/false);
    service.Get(
        "/static/favicon.svg",
        [](const httplib::Request&, httplib::Response& res) {
          ServeAsset(res, frontend::assets::kFaviconSvg, "image/svg+xml");
        },
        /*traced=*/false);

    spdlog::info("started application (gateway: {})", settings.gateway_url);
    return service.Run();
  });
}
