// The services' own HTTP/1.1 client for http:// upstreams (upstream_connection.h, #20):
// what it makes of the bytes an upstream sends (chunked and close-delimited bodies,
// interim answers, malformed, conflicting or oversized ones), its timeouts, and a
// kept-alive connection closed by the server while idle.
#include "common/upstream_connection.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "common/http_client.h"
#include "raw_server.h"

namespace {

using namespace std::chrono_literals;
using testsupport::RawServer;

common::HttpRequest Call(const RawServer& server, std::string method = "GET",
                         double timeout_seconds = 5) {
  common::HttpRequest request;
  request.method = std::move(method);
  request.url = server.url();
  request.peer_name = "test-upstream";
  request.timeouts = common::TimeoutsFor(timeout_seconds);
  return request;
}

// A server whose every connection reads one request and answers `bytes`, then closes.
RawServer Answering(std::string bytes) {
  return RawServer([bytes](int fd, int) {
    if (RawServer::ReadHead(fd)) testsupport::SendAll(fd, bytes);
    ::close(fd);
  });
}

TEST(UpstreamConnection, DecodesAChunkedBodyWithExtensionsAndTrailers) {
  RawServer server = Answering(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
      "3;note=x\r\n{\"a\r\n6\r\n\": 12}\r\n0\r\nX-Trailer: 1\r\n\r\n");
  common::HttpResult result = common::SendRequest(Call(server));
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.response().status, 200);
  EXPECT_EQ(result.response().body, R"({"a": 12})");
  EXPECT_EQ(result.response().content_type, "application/json");
}

// Each piece is decoded once, wherever the reads split the chunks and their framing.
TEST(UpstreamConnection, DecodesAChunkedBodyArrivingInPieces) {
  RawServer server([](int fd, int) {
    if (RawServer::ReadHead(fd)) {
      for (const char* piece : {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
                                "lo\r", "\n6\r\n world\r\n0\r\n", "\r\n"}) {
        testsupport::SendAll(fd, piece);
        std::this_thread::sleep_for(15ms);
      }
    }
    ::close(fd);
  });
  common::HttpResult result = common::SendRequest(Call(server));
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.response().body, "hello world");
}

TEST(UpstreamConnection, ReadsABodyThatEndsWithTheConnection) {
  RawServer server = Answering("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it");
  common::HttpResult result = common::SendRequest(Call(server));
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.response().body, "all of it");
}

TEST(UpstreamConnection, ReadsAnAnswerSentInPieces) {
  RawServer server([](int fd, int) {
    if (RawServer::ReadHead(fd)) {
      testsupport::SendAll(fd, "HTTP/1.1 201 Created\r\nContent-Le");
      std::this_thread::sleep_for(20ms);
      testsupport::SendAll(fd, "ngth: 10\r\n\r\n01234");
      std::this_thread::sleep_for(20ms);
      testsupport::SendAll(fd, "56789");
    }
    ::close(fd);
  });
  common::HttpResult result = common::SendRequest(Call(server));
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.response().status, 201);
  EXPECT_EQ(result.response().body, "0123456789");
}

TEST(UpstreamConnection, SkipsAnInterimAnswer) {
  RawServer server =
      Answering("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  common::HttpResult result = common::SendRequest(Call(server));
  ASSERT_TRUE(result.ok()) << result.failure().message;
  EXPECT_EQ(result.response().status, 200);
  EXPECT_EQ(result.response().body, "ok");
}

// Two lengths: which one frames the body is anyone's guess (request smuggling's trick).
TEST(UpstreamConnection, ConflictingLengthsAreABrokenAnswer) {
  RawServer server =
      Answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\nhello");
  common::HttpResult result = common::SendRequest(Call(server));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().status, 502);
  EXPECT_EQ(result.failure().error_type, "read_error");
}

TEST(UpstreamConnection, GarbageInsteadOfAnAnswerIsABrokenAnswer) {
  for (const char* garbage : {"SSH-2.0-OpenSSH_9.2\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
                              "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"}) {
    RawServer server = Answering(garbage);
    common::HttpResult result = common::SendRequest(Call(server));
    ASSERT_FALSE(result.ok()) << garbage;
    EXPECT_EQ(result.failure().status, 502) << garbage;
  }
}

TEST(UpstreamConnection, AnAnswerOverTheLimitIsCutOff) {
  RawServer server = Answering("HTTP/1.1 200 OK\r\nContent-Length: " +
                               std::to_string(common::kMaxResponseBytes + 1) + "\r\n\r\nxx");
  common::HttpResult result = common::SendRequest(Call(server));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().status, 502);
  EXPECT_EQ(result.failure().error_type, "response_too_large");
  EXPECT_EQ(result.failure().message, "test-upstream sent an answer larger than 16 MiB");
}

// The read timeout bounds the whole answer, not each read: a trickle cannot hold the
// request for longer.
TEST(UpstreamConnection, AnAnswerTricklingPastTheReadTimeoutIs504) {
  RawServer server([](int fd, int) {
    if (RawServer::ReadHead(fd)) {
      testsupport::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
      for (int i = 0; i < 12; ++i) {
        std::this_thread::sleep_for(50ms);
        testsupport::SendAll(fd, "x");
      }
    }
    ::close(fd);
  });
  auto start = std::chrono::steady_clock::now();
  common::HttpResult result = common::SendRequest(Call(server, "GET", 0.3));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().status, 504);
  EXPECT_EQ(result.failure().error_type, "timeout");
  EXPECT_LT(took, 450ms);
}

TEST(UpstreamConnection, AHeaderValueWithALineBreakIsNeverSent) {
  RawServer server = Answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  common::HttpRequest request = Call(server);
  request.headers.emplace_back("traceparent", "x\r\nX-Injected: 1");
  common::HttpResult result = common::SendRequest(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().error_type, "write_error");
  std::this_thread::sleep_for(50ms);  // time for a connection to be accepted, were there one
  EXPECT_EQ(server.accepted(), 0);
}

TEST(UpstreamConnection, SendsHostHeadersAndAnEmptyPostBody) {
  std::string head;
  RawServer server([&head](int fd, int) {
    if (RawServer::ReadHead(fd, &head))
      testsupport::SendAll(fd, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    ::close(fd);
  });
  common::HttpRequest request = Call(server, "POST");
  request.query = {{"q", "a b"}};
  request.headers.emplace_back("traceparent",
                               "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  ASSERT_TRUE(common::SendRequest(request).ok());
  const std::string port = server.url().substr(17, server.url().size() - 18);
  EXPECT_EQ(head, "POST /?q=a%20b HTTP/1.1\r\nHost: 127.0.0.1:" + port +
                      "\r\ntraceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                      "\r\nContent-Length: 0\r\n\r\n");
}

// The server closed the kept-alive connection while it sat in the pool: the next request
// sees that before sending and goes out on a new connection, so even a POST (never
// retried) succeeds.
TEST(UpstreamConnection, AConnectionClosedWhileIdleIsReplacedBeforeSending) {
  RawServer server([](int fd, int) {
    if (RawServer::ReadHead(fd)) RawServer::Answer(fd, false);
    ::close(fd);  // kept alive as far as the client knows, closed here
  });
  ASSERT_TRUE(common::SendRequest(Call(server, "POST")).ok());
  std::this_thread::sleep_for(50ms);  // the close reaches the client
  common::HttpResult second = common::SendRequest(Call(server, "POST"));
  ASSERT_TRUE(second.ok()) << second.failure().message;
  EXPECT_EQ(server.accepted(), 2);
}

}  // namespace
