#include "otel/prometheus/exporter.h"

#include <httplib.h>
#include <sys/socket.h>

#include <thread>

#include "common/no_throw.h"
#include "otel/common/env.h"
#include "otel/common/internal_log.h"

namespace otel::prometheus {

struct PrometheusExporter::Server {
  httplib::Server http;
  std::thread thread;
  int port = 0;
};

ExporterOptions ExporterOptions::from_env() {
  ExporterOptions options;
  if (auto host = env::get_string("OTEL_EXPORTER_PROMETHEUS_HOST")) options.host = *host;
  if (auto port = env::get_int("OTEL_EXPORTER_PROMETHEUS_PORT")) {
    if (*port >= 0 && *port <= 65535) {
      options.port = static_cast<int>(*port);
    } else {
      internal::warn("OTEL_EXPORTER_PROMETHEUS_PORT: " + std::to_string(*port) +
                     " is not a port; using 9464");
    }
  }
  return options;
}

PrometheusExporter::PrometheusExporter(ExporterOptions options)
    : metrics::MetricReader(
          [](metrics::InstrumentKind) { return metrics::AggregationTemporality::kCumulative; }),
      options_(std::move(options)) {}

PrometheusExporter::~PrometheusExporter() {
  on_shutdown(std::chrono::seconds(1));
}

std::string PrometheusExporter::scrape() {
  metrics::ResourceMetricsProto collected;
  if (!collect(collected)) return "";
  return write_text(collected, options_.text);
}

std::string PrometheusExporter::scrape_open_metrics() {
  metrics::ResourceMetricsProto collected;
  TextOptions options = options_.text;
  options.open_metrics = true;
  if (!collect(collected)) return "# EOF\n";
  return write_text(collected, options);
}

bool PrometheusExporter::start() {
  if (server_) return true;
  auto server = std::make_unique<Server>();
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, which would let a
  // second process "bind" a taken port and silently share (or steal) the scrapes.
  server->http.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  server->http.Get("/metrics", [this](const httplib::Request& req, httplib::Response& res) {
    // OpenMetrics (with exemplars) when the scraper asks for it, as Prometheus does.
    if (accepts_open_metrics(req.get_header_value("Accept"))) {
      res.set_content(scrape_open_metrics(), std::string(kOpenMetricsContentType));
    } else {
      res.set_content(scrape(), std::string(kTextContentType));
    }
  });
  server->http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("Prometheus metrics: /metrics\n", "text/plain");
  });
  const std::string address = options_.host + ":" + std::to_string(options_.port);
  if (options_.port == 0) {
    server->port = server->http.bind_to_any_port(options_.host);
  } else {
    server->port = server->http.bind_to_port(options_.host, options_.port) ? options_.port : -1;
  }
  if (server->port <= 0) {
    internal::warn("prometheus exporter: cannot listen on " + address + "; metrics are not served");
    return false;
  }
  Server* raw = server.get();
  server->thread = std::thread([raw] { raw->http.listen_after_bind(); });
  // stop() is a no-op until the loop runs, so wait for it (shutdown could hang otherwise).
  for (int i = 0; i < 1000 && !server->http.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_ = std::move(server);
  return true;
}

int PrometheusExporter::port() const {
  return server_ ? server_->port : -1;
}

bool PrometheusExporter::on_shutdown(std::chrono::milliseconds /*timeout*/) noexcept {
  return internal::result_or(false, "PrometheusExporter::on_shutdown", [&] {
    if (server_) {
      while (!server_->http.is_running() && server_->thread.joinable()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));  // see start()
      }
      server_->http.stop();
      if (server_->thread.joinable()) server_->thread.join();
      server_.reset();
    }
    return true;
  });
}

}  // namespace otel::prometheus
