#include "app.h"

#include <httplib.h>
#include <malloc.h>
#include <otel/prometheus/text_writer.h>

#include <thread>

#include "api.h"
#include "common/guarded_server.h"
#include "grpc_receiver.h"
#include "http_receiver.h"
#include "ingest.h"
#include "prometheus_state.h"
#include "store.h"

namespace viewer {
namespace {

common::GuardLimits ViewerServerLimits() {
  common::GuardLimits limits;
  limits.worker_threads = 16;
  limits.listen_backlog = 1024;
  return limits;
}

}  // namespace

struct ViewerApp::Impl {
  explicit Impl(const Config& c)
      : config(c),
        store(c.limits),
        // Two big requests decode at once (two cores): 8 concurrent 14 MB log uploads
        // took 2.2 s and peaked at 149-173 MiB with MAX_BYTES=32MiB (404 MiB before);
        // with one at a time some waited past 10 s.
        ingest(store, &prometheus, 2 * c.max_request_bytes),
        grpc(ingest, c.max_request_bytes) {}

  Config config;
  Store store;
  PrometheusState prometheus;
  Ingest ingest;
  GrpcReceiver grpc;
  // Request heads are collected by a waiter thread, so idle and slow connections
  // hold no worker; workers only run handlers (ingest is CPU-bound: 2 cores).
  common::GuardedServer web{ViewerServerLimits()};
  common::GuardedServer otlp_http{ViewerServerLimits()};
  std::thread web_thread;
  std::thread otlp_http_thread;
  bool started = false;
};

ViewerApp::ViewerApp(const Config& config) : impl_(std::make_unique<Impl>(config)) {}

ViewerApp::~ViewerApp() {
  Stop();
}

bool ViewerApp::Start(std::string* error) {
  Impl& s = *impl_;
  // Memory for requests in flight comes back after them (issue #19): two malloc
  // arenas (two cores) instead of one per busy thread, each keeping its peak, and
  // blocks of 1 MiB and more (request bodies) mapped and unmapped on their own.
  mallopt(M_ARENA_MAX, 2);
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  ApiOptions options;
  options.prometheus_text = [&s](const std::string& accept) {
    const bool open_metrics = otel::prometheus::accepts_open_metrics(accept);
    return std::pair<std::string, std::string>(s.prometheus.RenderText(open_metrics),
                                               open_metrics
                                                   ? otel::prometheus::kOpenMetricsContentType
                                                   : otel::prometheus::kTextContentType);
  };
  RegisterApiRoutes(s.web, s.store, options);
  RegisterOtlpHttpRoutes(s.otlp_http, s.ingest, s.config.max_request_bytes);

  if (s.web.Bind(s.config.host, s.config.port) == 0) {
    *error =
        "cannot listen for the web UI on " + s.config.host + ":" + std::to_string(s.config.port);
    return false;
  }
  if (s.otlp_http.Bind(s.config.host, s.config.otlp_http_port) == 0) {
    *error = "cannot listen for OTLP/HTTP on " + s.config.host + ":" +
             std::to_string(s.config.otlp_http_port);
    return false;
  }
  if (!s.grpc.Start(s.config.host, s.config.otlp_grpc_port, error)) return false;
  s.web_thread = std::thread([&s] { s.web.listen_after_bind(); });
  s.otlp_http_thread = std::thread([&s] { s.otlp_http.listen_after_bind(); });
  s.started = true;
  return true;
}

void ViewerApp::Stop() {
  Impl& s = *impl_;
  s.grpc.Shutdown();
  s.otlp_http.stop();
  s.web.stop();
  if (s.web_thread.joinable()) s.web_thread.join();
  if (s.otlp_http_thread.joinable()) s.otlp_http_thread.join();
}

}  // namespace viewer
