// Telemetry never hurts the service: with the collector absent, hanging or failing,
// form submissions succeed about as fast as with the SDK disabled, and SIGINT still
// ends every service quickly (its flush is bounded).
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <vector>

#include "local_http_server.h"
#include "telemetry_stack.h"

namespace integration {
namespace {

using Millis = std::chrono::duration<double, std::milli>;

// Median latency of `count` form submissions; every one must succeed.
double MedianSubmissionMs(TelemetryStack& stack, int count) {
  std::vector<double> latencies;
  for (int i = 0; i < count; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto page = stack.frontend.Client().Post("/", httplib::Params{{"location", "Paris"}});
    latencies.push_back(Millis(std::chrono::steady_clock::now() - start).count());
    EXPECT_TRUE(page && page->status == 200) << (page ? page->body : "no answer");
  }
  std::sort(latencies.begin(), latencies.end());
  return latencies[latencies.size() / 2];
}

// SIGINT to every service; each must exit 0 within `limit`.
void ExpectQuickExit(TelemetryStack& stack, std::chrono::milliseconds limit) {
  RunningBinary* services[] = {&stack.frontend, &stack.gateway, &stack.geolocator,
                               &stack.iss_distance};
  auto start = std::chrono::steady_clock::now();
  for (RunningBinary* service : services) service->process().Signal(SIGINT);
  for (RunningBinary* service : services) {
    auto left = limit - std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start);
    std::optional<int> status = service->process().Wait(std::max(left, 1ms));
    EXPECT_EQ(status, 0) << service->process().Output();
  }
}

// The same stack with the SDK disabled, as the baseline.
double BaselineMedianMs(int count) {
  TelemetryStack baseline({{"OTEL_SDK_DISABLED", "true"}}, "");
  EXPECT_TRUE(baseline.ready());
  MedianSubmissionMs(baseline, 3);  // warm-up: gazetteer pages, first connections
  return MedianSubmissionMs(baseline, count);
}

constexpr int kRequests = 15;

// Tolerance for a loaded shared machine: telemetry may cost a few ms per request, a
// blocking export would cost whole seconds (the export timeout).
bool Comparable(double with_telemetry_ms, double baseline_ms) {
  std::cout << "median form submission: " << with_telemetry_ms
            << " ms (SDK disabled: " << baseline_ms << " ms)\n";
  return with_telemetry_ms <= baseline_ms * 2 + 50;
}

TEST(TelemetryResilience, CollectorAbsent) {
  const double baseline_ms = BaselineMedianMs(kRequests);
  // Nothing listens there: every export fails at once (connection refused).
  const std::string nowhere = "http://127.0.0.1:" + std::to_string(testsupport::FreePort());
  TelemetryStack stack(FastExport(nowhere, "grpc"), "http://127.0.0.1:1/trace/{trace_id}");
  ASSERT_TRUE(stack.ready());
  MedianSubmissionMs(stack, 3);
  const double median_ms = MedianSubmissionMs(stack, kRequests);
  EXPECT_TRUE(Comparable(median_ms, baseline_ms))
      << "median " << median_ms << " ms vs " << baseline_ms << " ms with the SDK disabled";
  ExpectQuickExit(stack, 6s);
}

TEST(TelemetryResilience, CollectorHangs) {
  // Accepts OTLP/HTTP requests and never answers within the exporters' timeout.
  testsupport::LocalHttpServer* self = nullptr;
  testsupport::LocalHttpServer hanging([&](httplib::Server& server) {
    server.Post(R"(/v1/.*)", [&](const httplib::Request&, httplib::Response& res) {
      if (self) self->SleepUnlessStopping(20s);
      res.status = 200;
    });
  });
  self = &hanging;
  const double baseline_ms = BaselineMedianMs(kRequests);
  auto otel = FastExport(hanging.url(), "http/protobuf");
  otel["OTEL_EXPORTER_OTLP_TIMEOUT"] = "10000";  // the default: longer than the test
  TelemetryStack stack(otel, "");
  ASSERT_TRUE(stack.ready());
  MedianSubmissionMs(stack, 3);
  const double median_ms = MedianSubmissionMs(stack, kRequests);
  EXPECT_TRUE(Comparable(median_ms, baseline_ms))
      << "median " << median_ms << " ms vs " << baseline_ms << " ms with the SDK disabled";
  // Shutdown budget 1.5 s for the flush + the server's own stop: well under the 10 s timeout.
  ExpectQuickExit(stack, 7s);
}

TEST(TelemetryResilience, CollectorFails) {
  std::atomic<int> attempts{0};
  testsupport::LocalHttpServer failing([&](httplib::Server& server) {
    server.Post(R"(/v1/.*)", [&](const httplib::Request&, httplib::Response& res) {
      ++attempts;
      res.status = 503;  // retryable: the exporters back off and retry
      res.set_content("overloaded", "text/plain");
    });
  });
  TelemetryStack stack(FastExport(failing.url(), "http/json"), "");
  ASSERT_TRUE(stack.ready());
  const double median_ms = MedianSubmissionMs(stack, kRequests);
  EXPECT_LT(median_ms, 1000.0);
  // The services did try to export (so the failure path was exercised).
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (attempts.load() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  EXPECT_GT(attempts.load(), 0);
  ExpectQuickExit(stack, 7s);
}

}  // namespace
}  // namespace integration
