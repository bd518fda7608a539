#include "common/http_client.h"

#include <gtest/gtest.h>

#include <chrono>

#include "local_http_server.h"
#include "process.h"

namespace {

using namespace std::chrono_literals;

common::HttpRequest Get(const std::string& url, common::HttpTimeouts timeouts = {}) {
  common::HttpRequest request;
  request.url = url;
  request.peer_name = "test-upstream";
  request.timeouts = timeouts;
  return request;
}

TEST(HttpClient, ReturnsStatusBodyAndSendsEncodedQuery) {
  testsupport::LocalHttpServer upstream([](httplib::Server& server) {
    server.Get("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.status = 418;
      res.set_content(req.get_param_value("q"), "text/plain");
    });
  });
  common::HttpRequest request = Get(upstream.url("/echo"));
  request.query = {{"q", "São Paulo & co"}};
  common::HttpResult result = common::SendRequest(request);
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.response().status, 418);
  EXPECT_EQ(result.response().body, "São Paulo & co");
  EXPECT_EQ(result.response().content_type, "text/plain");
}

TEST(HttpClient, UnreachableUpstreamIs502NamingIt) {
  int port = testsupport::FreePort();  // nothing listens there
  common::HttpResult result = common::SendRequest(Get("http://127.0.0.1:" + std::to_string(port)));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().status, 502);
  EXPECT_NE(result.failure().message.find("test-upstream is unreachable"), std::string::npos)
      << result.failure().message;
}

TEST(HttpClient, SlowUpstreamIs504AfterTheReadTimeout) {
  testsupport::LocalHttpServer* self = nullptr;
  testsupport::LocalHttpServer upstream([&](httplib::Server& server) {
    server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      self->SleepUnlessStopping(3s);
      res.set_content("late", "text/plain");
    });
  });
  self = &upstream;
  auto start = std::chrono::steady_clock::now();
  common::HttpResult result = common::SendRequest(Get(upstream.url(), common::TimeoutsFor(0.3)));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().status, 504);
  EXPECT_EQ(result.failure().message, "test-upstream did not answer within 0.3 s");
  EXPECT_LT(took, 2500ms);
}

TEST(HttpClient, InterceptorsSeeAndChangeEveryCall) {
  testsupport::LocalHttpServer upstream([](httplib::Server& server) {
    server.Get("/", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(req.get_header_value("traceparent"), "text/plain");
    });
  });
  int calls = 0;
  common::AddClientInterceptor([&calls](common::HttpRequest& request, const auto& next) {
    if (request.peer_name != "intercepted") return next(request);
    ++calls;
    request.headers.emplace_back("traceparent",
                                 "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    return next(request);
  });
  common::HttpRequest request = Get(upstream.url());
  request.peer_name = "intercepted";
  common::HttpResult result = common::SendRequest(request);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(result.response().body, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
}

TEST(HttpClient, FullUrlShowsTheQuery) {
  common::HttpRequest request = Get("http://h:1/p");
  request.query = {{"a", "1 2"}};
  EXPECT_EQ(common::FullUrl(request), "http://h:1/p?a=1%202");
}

}  // namespace
