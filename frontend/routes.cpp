#include "routes.h"

#include <string>
#include <string_view>

#include "frontend_assets.h"
#include "page.h"

namespace frontend {
namespace {

void ServeHtml(httplib::Response& res, int status, const PageView& view) {
  res.status = status;
  res.set_content(RenderPage(view), "text/html; charset=utf-8");
}

void ServeAsset(httplib::Response& res, std::string_view content, const char* type) {
  res.set_header("Cache-Control", "public, max-age=3600");
  res.set_content(std::string(content), type);
}

}  // namespace

void AddRoutes(common::Service& service, const FrontendSettings& settings) {
  service.SetErrorRenderer([](int status, std::string_view message, httplib::Response& res) {
    PageView view;
    view.error = ErrorView{status, std::string(message)};
    ServeHtml(res, status, view);
  });
  service.Get("/", [](const httplib::Request&, httplib::Response& res) {
    ServeHtml(res, 200, PageView{});
  });
  service.Post("/", [&settings](const httplib::Request& req, httplib::Response& res) {
    int status = 200;
    PageView view = AskGateway(settings, req.get_param_value("location"), status);
    ServeHtml(res, status, view);
  });
  // Static files are not traced: one span per stylesheet would only hide the requests.
  service.Get(
      "/static/style.css",
      [](const httplib::Request&, httplib::Response& res) {
        ServeAsset(res, assets::kStyleCss, "text/css; charset=utf-8");
      },
      /*traced=*/false);
  service.Get(
      "/static/favicon.svg",
      [](const httplib::Request&, httplib::Response& res) {
        ServeAsset(res, assets::kFaviconSvg, "image/svg+xml");
      },
      /*traced=*/false);
}

}  // namespace frontend
