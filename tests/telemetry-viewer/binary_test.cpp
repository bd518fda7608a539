// The built binary: settings errors, listening where told, clean exit on SIGTERM/SIGINT.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <thread>

#include "process.h"

namespace {
using testsupport::BinaryPath;
using testsupport::ChildProcess;

TEST(ViewerBinary, BadSettingStopsWithAOneLineError) {
  ChildProcess::Options options;
  options.env = {{"OTLP_GRPC_PORT", "forty"}};
  ChildProcess viewer(BinaryPath("telemetry-viewer"), {}, options);
  auto status = viewer.Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status);
  EXPECT_NE(*status, 0);
  EXPECT_NE(viewer.Output().find("OTLP_GRPC_PORT"), std::string::npos) << viewer.Output();
}

// The viewer on free ports. Another test running in parallel may take a "free" port
// before the viewer binds it (the viewer then exits 1: cannot listen), so try again
// with new ports a few times; a viewer that is serving is what the test needs.
std::unique_ptr<ChildProcess> StartViewer(int& port) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    port = testsupport::FreePort();
    ChildProcess::Options options;
    options.env = {{"PORT", std::to_string(port)},
                   {"OTLP_GRPC_PORT", std::to_string(testsupport::FreePort())},
                   {"OTLP_HTTP_PORT", std::to_string(testsupport::FreePort())}};
    auto viewer = std::make_unique<ChildProcess>(
        BinaryPath("telemetry-viewer"), std::vector<std::string>{"--max-spans", "1000"}, options);
    bool listening = testsupport::WaitForPort(port);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // a failed bind exits at once
    if (listening && viewer->Running()) return viewer;
  }
  return nullptr;
}

void ServesThenStopsOn(int sig) {
  int port = 0;
  std::unique_ptr<ChildProcess> viewer = StartViewer(port);
  ASSERT_TRUE(viewer) << "the viewer never served on a free port";
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/api/stats");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("\"spans\":1000"), std::string::npos)
      << res->body;  // the flag took effect
  viewer->Signal(sig);
  auto status = viewer->Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status) << "did not exit";
  EXPECT_EQ(*status, 0) << viewer->Output();
}

TEST(ViewerBinary, ExitsZeroOnSigterm) {
  ServesThenStopsOn(SIGTERM);
}
TEST(ViewerBinary, ExitsZeroOnSigint) {
  ServesThenStopsOn(SIGINT);
}

}  // namespace
