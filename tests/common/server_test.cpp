#include "common/server.h"

#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <thread>

#include "common/json_response.h"
#include "common/settings.h"

namespace {

using namespace std::chrono_literals;

// A Service on a free loopback port, run on a thread for the test's duration.
class RunningService {
 public:
  explicit RunningService(const std::function<void(common::Service&)>& routes)
      : service_([] {
          common::ServerOptions options;
          options.service_name = "test-service";
          options.port = 0;
          options.max_request_body_bytes = 1024;
          return options;
        }()) {
    routes(service_);
    thread_ = std::thread([this] { exit_code_ = service_.Run(); });
    while (service_.bound_port() == 0) std::this_thread::sleep_for(1ms);
  }
  ~RunningService() {
    service_.Stop();
    thread_.join();
  }
  httplib::Client Client() { return httplib::Client("127.0.0.1", service_.bound_port()); }
  common::Service& service() { return service_; }
  int exit_code() const { return exit_code_; }

 private:
  common::Service service_;
  std::thread thread_;
  int exit_code_ = -1;
};

TEST(Service, HealthzAnswers200) {
  RunningService running([](common::Service&) {});
  auto res = running.Client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(Service, UnknownRoutesAndBigBodiesGetJsonErrors) {
  RunningService running([](common::Service& service) {
    service.Post("/", [](const httplib::Request&, httplib::Response& res) {
      common::SendJson(res, 200, {{"ok", true}});
    });
  });
  auto missing = running.Client().Get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, R"({"error":"Not found"})");

  auto big = running.Client().Post("/", std::string(4096, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->body, R"({"error":"Request too large"})");
}

TEST(Service, HandlerExceptionsBecome500WithoutKillingTheServer) {
  RunningService running([](common::Service& service) {
    service.Get("/boom", [](const httplib::Request&, httplib::Response&) {
      throw std::runtime_error("kaput");
    });
  });
  auto res = running.Client().Get("/boom");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(res->body, R"({"error":"Internal server error"})");
  EXPECT_EQ(running.Client().Get("/healthz")->status, 200);
}

TEST(Service, InterceptorsWrapTracedRoutesWithTheirPattern) {
  // The interceptor stays registered for the tests that follow (there is no removing
  // one), so what it writes to must outlive this test: shared, not on this stack.
  struct Seen {
    std::mutex mutex;
    std::vector<std::string> routes;
  };
  auto seen = std::make_shared<Seen>();
  common::AddServerInterceptor([seen](const common::RouteInfo& info, const httplib::Request&,
                                      httplib::Response& res, const std::function<void()>& next) {
    if (info.service_name != "test-service") return next();
    {
      std::lock_guard lock(seen->mutex);
      seen->routes.push_back(std::string(info.method) + " " + std::string(info.route) +
                             (info.traced ? " traced" : " untraced"));
    }
    next();
    res.set_header("X-Intercepted", "yes");
  });
  RunningService running([](common::Service& service) {
    service.Get(R"(/items/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
      common::SendJson(res, 200, {{"id", req.matches[1].str()}});
    });
  });
  auto res = running.Client().Get("/items/42");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, R"({"id":"42"})");
  EXPECT_EQ(res->get_header_value("X-Intercepted"), "yes");
  running.Client().Get("/healthz");
  std::lock_guard lock(seen->mutex);
  EXPECT_EQ(seen->routes,
            (std::vector<std::string>{R"(GET /items/(\d+) traced)", "GET /healthz untraced"}));
}

TEST(Service, StopLetsTheRequestInFlightFinish) {
  std::atomic<bool> started{false};
  auto running = std::make_unique<RunningService>([&](common::Service& service) {
    service.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
      started = true;
      std::this_thread::sleep_for(500ms);
      common::SendJson(res, 200, {{"done", true}});
    });
  });
  int slow_status = 0;
  std::string slow_body;
  std::thread caller([&] {
    auto res = running->Client().Get("/slow");
    if (res) {
      slow_status = res->status;
      slow_body = res->body;
    }
  });
  while (!started) std::this_thread::sleep_for(1ms);
  running->service().Stop();
  caller.join();
  EXPECT_EQ(slow_status, 200);
  EXPECT_EQ(slow_body, R"({"done":true})");
  running.reset();
}

TEST(Service, BusyPortIsAStartupError) {
  RunningService first([](common::Service&) {});
  common::ServerOptions options;
  options.service_name = "second";
  options.port = first.service().bound_port();
  common::Service second(options);
  EXPECT_THROW(second.Run(), common::StartupError);
}

}  // namespace
