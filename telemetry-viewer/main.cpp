// telemetry-viewer: an OTLP receiver (gRPC :4317, HTTP :4318) with a bounded
// in-memory store, a web UI and JSON API (:16686) and Prometheus /metrics.
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "app.h"
#include "config.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(viewer::UsageText().c_str(), stdout);
    return 0;
  }
  viewer::Config config;
  try {
    config = viewer::LoadConfig(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "telemetry-viewer: %s\n", e.what());
    return 2;
  }

  // Block the stop signals before any thread starts, then wait for one here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  viewer::ViewerApp app(config);
  std::string error;
  if (!app.Start(&error)) {
    std::fprintf(stderr, "telemetry-viewer: %s\n", error.c_str());
    return 1;
  }
  std::printf(
      "telemetry-viewer: UI and API on http://%s:%d/, OTLP/gRPC on %s:%d, OTLP/HTTP on "
      "http://%s:%d\n",
      config.host.c_str(), config.port, config.host.c_str(), config.otlp_grpc_port,
      config.host.c_str(), config.otlp_http_port);
  std::fflush(stdout);

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  std::printf("telemetry-viewer: signal %d, shutting down\n", signal_number);
  app.Stop();
  return 0;
}
