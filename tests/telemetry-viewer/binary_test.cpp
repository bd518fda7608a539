// The built binary: settings errors, listening where told, clean exit on SIGTERM/SIGINT.
#include <gtest/gtest.h>
#include <httplib.h>

#include <csignal>

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

void ServesThenStopsOn(int sig) {
  const int port = testsupport::FreePort();
  ChildProcess::Options options;
  options.env = {{"PORT", std::to_string(port)},
                 {"OTLP_GRPC_PORT", std::to_string(testsupport::FreePort())},
                 {"OTLP_HTTP_PORT", std::to_string(testsupport::FreePort())}};
  ChildProcess viewer(BinaryPath("telemetry-viewer"), {"--max-spans", "1000"}, options);
  ASSERT_TRUE(testsupport::WaitForPort(port)) << viewer.Output();
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/api/stats");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("\"spans\":1000"), std::string::npos)
      << res->body;  // the flag took effect
  viewer.Signal(sig);
  auto status = viewer.Wait(std::chrono::seconds(10));
  ASSERT_TRUE(status) << "did not exit";
  EXPECT_EQ(*status, 0) << viewer.Output();
}

TEST(ViewerBinary, ExitsZeroOnSigterm) {
  ServesThenStopsOn(SIGTERM);
}
TEST(ViewerBinary, ExitsZeroOnSigint) {
  ServesThenStopsOn(SIGINT);
}

}  // namespace
