// The services' HTTP client against cpp-httplib's, one kept-alive GET at a time to the
// same loopback server (#20): what a call between two services costs the caller. CPU
// time is the calling thread's; the server runs on its own thread in this process.
//
//   build/bin/common-benchmarks --benchmark_min_time=2
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/http_client.h"

namespace {

// An answer the size of the gateway's upstreams' (about 100 bytes of JSON).
constexpr char kBody[] =
    R"({"message": "success", "timestamp": 1796671720, "iss_position": {"latitude": "0.38"}})";

class LoopbackServer {
 public:
  LoopbackServer() {
    server_.set_keep_alive_max_count(1'000'000);
    server_.set_tcp_nodelay(true);
    server_.Get("/", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kBody, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cannot bind a loopback port");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;
  int port() const { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

LoopbackServer& Server() {
  static LoopbackServer server;
  return server;
}

constexpr char kTraceparent[] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

// common::SendRequest: the pool and our HTTP/1.1 exchange, as the services call.
void BM_SendRequest(benchmark::State& state) {
  common::HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(Server().port());
  request.peer_name = "loopback";
  for (auto _ : state) {
    common::HttpRequest call = request;
    call.headers.emplace_back("traceparent", kTraceparent);
    common::HttpResult result = common::SendRequest(std::move(call));
    if (!result.ok() || result.response().status != 200) {
      state.SkipWithError("request failed");
      break;
    }
    benchmark::DoNotOptimize(result.response().body.data());
  }
}
BENCHMARK(BM_SendRequest)->UseRealTime();

// cpp-httplib's client on one kept-alive connection: what SendRequest used before.
void BM_HttplibClientGet(benchmark::State& state) {
  httplib::Client client("127.0.0.1", Server().port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  for (auto _ : state) {
    httplib::Headers headers{{"traceparent", kTraceparent}};
    httplib::Result result = client.Get("/", headers);
    if (!result || result->status != 200) {
      state.SkipWithError("request failed");
      break;
    }
    benchmark::DoNotOptimize(result->body.data());
  }
}
BENCHMARK(BM_HttplibClientGet)->UseRealTime();

}  // namespace
