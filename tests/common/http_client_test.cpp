#include "common/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

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
  EXPECT_EQ(result.failure().error_type, "connection_failed");
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
  EXPECT_EQ(result.failure().error_type, "timeout");
  EXPECT_LT(took, 2500ms);
}

// An upstream that accepts the connection and closes it without answering: a 502 whose
// error.type says the read failed, not that it timed out or could not connect.
TEST(HttpClient, DroppedConnectionIs502WithReadError) {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  std::thread closer([listener] {
    int connection = ::accept(listener, nullptr, nullptr);
    if (connection >= 0) {
      char buffer[4096];
      (void)::recv(connection, buffer, sizeof buffer, 0);  // the request, then hang up
      ::close(connection);
    }
  });
  auto start = std::chrono::steady_clock::now();
  common::HttpResult result = common::SendRequest(
      Get("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)), common::TimeoutsFor(5)));
  closer.join();
  ::close(listener);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().status, 502);
  EXPECT_EQ(result.failure().error_type, "read_error") << result.failure().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
}

TEST(HttpClient, InvalidUrlIsAClearFailure) {
  common::HttpResult result = common::SendRequest(Get("not a url"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().status, 502);
  EXPECT_EQ(result.failure().error_type, "invalid_url");
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
