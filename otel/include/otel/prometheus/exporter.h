// The Prometheus pull exporter: a metric reader that serves `GET /metrics` in the text
// exposition format (OTEL_METRICS_EXPORTER=prometheus, OTEL_EXPORTER_PROMETHEUS_HOST /
// _PORT, default localhost:9464). Every scrape collects (cumulative) and converts with
// WriteText(); nothing is exported between scrapes.
#pragma once

#include <memory>
#include <string>

#include "otel/metrics/metric_reader.h"
#include "otel/prometheus/text_writer.h"

namespace otel::prometheus {

struct ExporterOptions {
  std::string host = "localhost";
  int port = 9464;  // 0: any free port (see PrometheusExporter::port())
  // One resource per endpoint: target_info carries it, and the scraping Prometheus sets
  // job/instance itself.
  TextOptions text{.job_instance_labels = false};
  static ExporterOptions from_env();
};

class PrometheusExporter : public metrics::MetricReader {
 public:
  explicit PrometheusExporter(ExporterOptions options = ExporterOptions::from_env());
  ~PrometheusExporter() override;

  // Binds and starts serving; false (with a warning naming the address) when the
  // address is taken or invalid. The host program carries on either way.
  bool start();
  int port() const;
  // The body a scrape returns right now.
  std::string scrape();
  // The same in OpenMetrics 1.0, with exemplars (what GET /metrics answers when the
  // scraper's Accept header asks for application/openmetrics-text).
  std::string scrape_open_metrics();

 protected:
  bool on_shutdown(std::chrono::milliseconds timeout) noexcept override;

 private:
  struct Server;
  ExporterOptions options_;
  std::unique_ptr<Server> server_;
};

}  // namespace otel::prometheus
