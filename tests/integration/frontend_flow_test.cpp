// The web page, driven as a browser would: GET the form, POST the place name.
#include <gtest/gtest.h>

#include "service_stack.h"

namespace integration {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

httplib::Result Submit(const Stack& stack, const std::string& location) {
  return stack.frontend.Client().Post("/", httplib::Params{{"location", location}});
}

TEST(FrontendFlow, FormAndStylesheet) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  auto page = stack.frontend.Client().Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_TRUE(Contains(page->body, R"(<form class="card ask" method="post" action="/">)"));
  auto css = stack.frontend.Client().Get("/static/style.css");
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_TRUE(Contains(css->body, ".distance-value"));
}

TEST(FrontendFlow, ShowsDistanceIssPositionAndPlace) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  auto page = Submit(stack, "sao paulo");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(Contains(page->body, "São Paulo, Brazil")) << page->body;
  EXPECT_TRUE(Contains(page->body, "10.5000° N"));
  EXPECT_TRUE(Contains(page->body, "20.2500° E"));
  EXPECT_TRUE(Contains(page->body, R"(<span class="distance-value">)"));
  EXPECT_TRUE(Contains(page->body, R"(value="sao paulo")"));
}

TEST(FrontendFlow, ShowsTheUpstreamErrorEscaped) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  auto page = Submit(stack, "<b>Qwxzzy</b>");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 404);
  EXPECT_TRUE(Contains(page->body,
                       "No coordinates found for location &apos;&lt;b&gt;Qwxzzy&lt;/b&gt;&apos;"))
      << page->body;
  EXPECT_FALSE(Contains(page->body, "<b>Qwxzzy"));

  auto empty = Submit(stack, "");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 400);
  EXPECT_TRUE(Contains(empty->body, "No location given"));
}

TEST(FrontendFlow, IssTroubleReachesThePage) {
  Stack stack;
  ASSERT_TRUE(stack.ready());
  stack.iss.mode = IssMode::kServerError;
  auto page = Submit(stack, "London");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 502);
  EXPECT_TRUE(Contains(page->body, "the ISS position API answered 500")) << page->body;
}

TEST(FrontendFlow, GatewayDownIs502Page) {
  int closed_port = testsupport::FreePort();
  RunningBinary frontend("frontend",
                         {{"GATEWAY_URL", "http://127.0.0.1:" + std::to_string(closed_port)}});
  ASSERT_TRUE(frontend.ready());
  auto page = frontend.Client().Post("/", httplib::Params{{"location", "London"}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 502);
  EXPECT_TRUE(Contains(page->body, "gateway is unreachable")) << page->body;
}

}  // namespace
}  // namespace integration
