// Connection reuse between services (issue #20): SendRequest's pooled keep-alive
// connections, counted on loopback servers; the retry on a stale connection (GET only,
// never after a timeout); the pool's bounds.
#include "common/connection_pool.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/http_client.h"
#include "local_http_server.h"
#include "raw_server.h"

namespace {

using namespace std::chrono_literals;

common::HttpRequest Call(const std::string& url, std::string method = "GET") {
  common::HttpRequest request;
  request.method = std::move(method);
  request.url = url;
  request.peer_name = "test-upstream";
  request.timeouts = common::TimeoutsFor(5);
  return request;
}

// One GET / on a borrowed connection.
bool Get(common::ConnectionPool::Lease& lease) {
  return lease.connection().Send("GET", "/", {}, common::HttpTimeouts{}).ok;
}

// An httplib server that tells its connections apart by the client's port.
class CountingServer {
 public:
  CountingServer()
      : server_([this](httplib::Server& server) {
          server.set_keep_alive_max_count(1000);
          server.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
            {
              std::lock_guard lock(mutex_);
              client_ports_.insert(req.remote_port);
            }
            res.set_content("ok", "text/plain");
          });
        }) {}
  std::string url() const { return server_.url("/"); }
  std::size_t connections() const {
    std::lock_guard lock(mutex_);
    return client_ports_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::set<int> client_ports_;
  testsupport::LocalHttpServer server_;  // last: stops before the members it uses go
};

TEST(ConnectionReuse, SequentialCallsShareOneConnection) {
  CountingServer upstream;
  for (int i = 0; i < 20; ++i) {
    common::HttpResult result = common::SendRequest(Call(upstream.url()));
    ASSERT_TRUE(result.ok()) << result.failure().message;
    ASSERT_EQ(result.response().body, "ok");
  }
  EXPECT_EQ(upstream.connections(), 1u);
}

TEST(ConnectionReuse, ThreadsShareThePoolAndOpenNoMoreThanTheyUseAtOnce) {
  CountingServer upstream;
  constexpr int kThreads = 4;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i)
        if (common::SendRequest(Call(upstream.url())).ok()) ++ok;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kThreads * 25);
  EXPECT_GE(upstream.connections(), 1u);
  EXPECT_LE(upstream.connections(), static_cast<std::size_t>(kThreads));
}

// The first connection answers one request, then takes the next and hangs up without
// answering: what a server closing an idle kept-alive connection looks like to a client
// whose request crossed the close. Later connections answer and close.
void ClosesTheSecondRequest(int fd, int index) {
  if (index == 0) {
    if (testsupport::RawServer::ReadHead(fd)) testsupport::RawServer::Answer(fd, false);
    testsupport::RawServer::ReadHead(fd);
  } else if (testsupport::RawServer::ReadHead(fd)) {
    testsupport::RawServer::Answer(fd, true);
  }
  ::close(fd);
}

TEST(ConnectionReuse, GetOnAStaleConnectionIsRetriedOnceOnANewOne) {
  testsupport::RawServer upstream(ClosesTheSecondRequest);
  ASSERT_TRUE(common::SendRequest(Call(upstream.url())).ok());
  common::HttpResult second = common::SendRequest(Call(upstream.url()));
  ASSERT_TRUE(second.ok()) << second.failure().message;
  EXPECT_EQ(second.response().body, "ok");
  EXPECT_EQ(upstream.accepted(), 2);
}

TEST(ConnectionReuse, PostOnAStaleConnectionIsNotRetried) {
  testsupport::RawServer upstream(ClosesTheSecondRequest);
  ASSERT_TRUE(common::SendRequest(Call(upstream.url(), "POST")).ok());
  common::HttpResult second = common::SendRequest(Call(upstream.url(), "POST"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.failure().status, 502);
  EXPECT_EQ(second.failure().error_type, "read_error");
  EXPECT_EQ(upstream.accepted(), 1);
}

// A timeout on a kept-alive connection stays a 504 after one read timeout: no retry
// that would double the wait (the contract's timeouts are unchanged).
TEST(ConnectionReuse, TimeoutOnAReusedConnectionIsNotRetried) {
  std::atomic<int> calls{0};
  testsupport::LocalHttpServer* self = nullptr;
  testsupport::LocalHttpServer upstream([&](httplib::Server& server) {
    server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
      if (++calls > 1) self->SleepUnlessStopping(3s);
      res.set_content("ok", "text/plain");
    });
  });
  self = &upstream;
  common::HttpRequest request = Call(upstream.url("/"));
  request.timeouts = common::TimeoutsFor(0.3);
  ASSERT_TRUE(common::SendRequest(request).ok());
  auto start = std::chrono::steady_clock::now();
  common::HttpResult result = common::SendRequest(request);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.failure().status, 504);
  EXPECT_EQ(result.failure().error_type, "timeout");
  EXPECT_EQ(calls.load(), 2);
  EXPECT_LT(took, 1s);
}

TEST(ConnectionPool, KeepsAtMostTheBoundOfIdleConnections) {
  CountingServer upstream;
  common::ConnectionPool pool(common::PoolLimits{2, 10s});
  const std::string origin = upstream.url().substr(0, upstream.url().size() - 1);
  {
    std::vector<common::ConnectionPool::Lease> leases;
    for (int i = 0; i < 5; ++i) {
      leases.push_back(pool.Acquire(origin));
      ASSERT_TRUE(Get(leases.back()));
      leases.back().Keep();
    }
    EXPECT_EQ(upstream.connections(), 5u);
  }  // all five given back: two kept, three closed
  EXPECT_EQ(pool.IdleCount(origin), 2u);
  common::ConnectionPool::Lease again = pool.Acquire(origin);
  EXPECT_TRUE(again.reused());
  EXPECT_EQ(pool.CreatedCount(), 5u);
}

TEST(ConnectionPool, ClosesConnectionsIdleForTooLongAndThoseNotKept) {
  CountingServer upstream;
  common::ConnectionPool pool(common::PoolLimits{4, 50ms});
  const std::string origin = upstream.url().substr(0, upstream.url().size() - 1);
  {
    common::ConnectionPool::Lease lease = pool.Acquire(origin);
    ASSERT_TRUE(Get(lease));
    lease.Keep();
  }
  {
    common::ConnectionPool::Lease lease = pool.Acquire(origin);
    ASSERT_TRUE(lease.reused());
    ASSERT_TRUE(Get(lease));
    // Not kept (a failed exchange): closed, not returned.
  }
  EXPECT_EQ(pool.IdleCount(origin), 0u);
  {
    common::ConnectionPool::Lease lease = pool.Acquire(origin);
    EXPECT_FALSE(lease.reused());
    ASSERT_TRUE(Get(lease));
    lease.Keep();
  }
  std::this_thread::sleep_for(100ms);
  common::ConnectionPool::Lease stale = pool.Acquire(origin);
  EXPECT_FALSE(stale.reused());
  EXPECT_EQ(pool.IdleCount(origin), 0u);
  EXPECT_EQ(pool.CreatedCount(), 3u);
}

}  // namespace
