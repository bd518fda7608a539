#include "page.h"

#include <gtest/gtest.h>

namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(RenderPage, FormWithLabelAndNoResult) {
  std::string html = frontend::RenderPage({});
  EXPECT_TRUE(Contains(html, R"(<label for="location">)"));
  EXPECT_TRUE(Contains(html, R"(name="location")"));
  EXPECT_TRUE(Contains(html, R"(method="post")"));
  EXPECT_FALSE(Contains(html, "class=\"card result\""));
  EXPECT_FALSE(Contains(html, "role=\"alert\""));
  // Offline: nothing is loaded from another host.
  EXPECT_FALSE(Contains(html, "http://"));
  EXPECT_FALSE(Contains(html, "https://"));
  EXPECT_FALSE(Contains(html, "<script"));
}

TEST(RenderPage, EscapesEverythingUserSupplied) {
  frontend::PageView view;
  view.location = R"("><script>alert(1)</script>)";
  view.error =
      frontend::ErrorView{404, "No coordinates found for location '<img src=x onerror=1>'"};
  std::string html = frontend::RenderPage(view);
  EXPECT_FALSE(Contains(html, "<script>alert"));
  EXPECT_FALSE(Contains(html, "<img src=x"));
  EXPECT_TRUE(Contains(html, "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(Contains(html, "&lt;img src=x onerror=1&gt;"));
  EXPECT_TRUE(Contains(html, "Place not found"));
  EXPECT_TRUE(Contains(html, "HTTP 404"));
}

TEST(RenderPage, ShowsTheResult) {
  frontend::PageView view;
  view.location = "London";
  view.result = frontend::ResultView{
      6645.55, -8.0445, 8.1204, "London & <Co>", 51.50853, -0.12574, "live", 1700000000, {}, {},
      {},      {},      {}};
  std::string html = frontend::RenderPage(view);
  EXPECT_TRUE(Contains(html, "6,645.55"));
  EXPECT_TRUE(Contains(html, "8.0445° S"));
  EXPECT_TRUE(Contains(html, "8.1204° E"));
  EXPECT_TRUE(Contains(html, "London &amp; &lt;Co&gt;"));
  EXPECT_TRUE(Contains(html, "22:13:20 UTC"));
  EXPECT_FALSE(Contains(html, "trace"));
}

TEST(RenderPage, TraceLinkOnlyWhenThereIsATraceUrl) {
  frontend::PageView view;
  view.result = frontend::ResultView{};
  view.trace_url = frontend::TraceUrl("http://localhost:16686/trace/{trace_id}?a=1&b={trace_id}",
                                      "0af7651916cd43dd8448eb211c80319c");
  std::string html = frontend::RenderPage(view);
  EXPECT_TRUE(Contains(
      html,
      R"(href="http://localhost:16686/trace/0af7651916cd43dd8448eb211c80319c?a=1&amp;b=0af7651916cd43dd8448eb211c80319c")"));
}

TEST(Formatting, KilometresAndDegrees) {
  EXPECT_EQ(frontend::FormatKilometres(0), "0.00");
  EXPECT_EQ(frontend::FormatKilometres(999.994), "999.99");
  EXPECT_EQ(frontend::FormatKilometres(1234.5), "1,234.50");
  EXPECT_EQ(frontend::FormatKilometres(19959.68), "19,959.68");
  EXPECT_EQ(frontend::FormatKilometres(1234567.891), "1,234,567.89");
  EXPECT_EQ(frontend::FormatLatitude(-33.5), "33.5000° S");
  EXPECT_EQ(frontend::FormatLongitude(-0.12574), "0.1257° W");
  EXPECT_EQ(frontend::FormatLongitude(18.48335), "18.4834° E");
}

}  // namespace
