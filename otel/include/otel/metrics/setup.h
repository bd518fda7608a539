// Code-based setup of the metrics signal, and the environment-driven setup that
// otel::sdk::configure_from_env() calls (otel/sdk/signal_setup.h:
// setup_metrics_from_env).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "otel/metrics/meter_provider.h"
#include "otel/metrics/metric_exporter.h"
#include "otel/metrics/periodic_reader.h"

namespace otel::metrics {

// Readers for OTEL_METRICS_EXPORTER (comma-separated: otlp, console, prometheus, none;
// default otlp), with OTEL_METRIC_EXPORT_INTERVAL/_TIMEOUT, the OTLP variables and
// OTEL_EXPORTER_PROMETHEUS_HOST/_PORT. Unknown names are reported and skipped.
std::vector<std::shared_ptr<MetricReader>> readers_from_env();

// The push exporter OTEL_METRICS_EXPORTER names: an OtlpMetricExporter by default ("otlp",
// OTEL_EXPORTER_OTLP_* and the temporality preference), a ConsoleMetricExporter for
// "console"; nullptr for "none" or "prometheus" alone (a pull exporter is a reader:
// MeterProvider::create adds it).
std::shared_ptr<MetricExporter> metric_exporter_from_env();

}  // namespace otel::metrics
