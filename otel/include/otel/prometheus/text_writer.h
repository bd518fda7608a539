// OTLP metrics -> Prometheus text exposition format (version 0.0.4, or OpenMetrics 1.0 with
// exemplars when the scraper asks for it), following the
// OpenTelemetry specification's "OTLP Metric points to Prometheus" rules.
//
// This is a pure function of its input: the SDK's pull exporter calls it on what its
// reader collected, and the telemetry viewer calls it on what it received over OTLP.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "opentelemetry/proto/metrics/v1/metrics.pb.h"

namespace otel::prometheus {

struct TextOptions {
  // `job` (service.namespace/service.name) and `instance` (service.instance.id) on
  // every series and on target_info: what the Collector's exporter does when one
  // endpoint serves several resources (the viewer). An SDK endpoint serves one
  // resource and leaves job/instance to the scraping Prometheus.
  bool job_instance_labels = true;
  // `otel_scope_name` / `otel_scope_version` labels on every series.
  bool scope_labels = true;
  // One `target_info` gauge (value 1) per resource with its attributes as labels.
  bool target_info = true;
  // Unit words and `_total` appended to names.
  bool name_suffixes = true;
  // OpenMetrics 1.0 instead of the 0.0.4 text format: counter families named without
  // `_total`, exemplars after `_total` and `_bucket` samples, `# EOF` at the end.
  bool open_metrics = false;
};

inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";
inline constexpr std::string_view kOpenMetricsContentType =
    "application/openmetrics-text; version=1.0.0; charset=utf-8";
// True when a scraper's Accept header asks for OpenMetrics (Prometheus does, first).
inline bool accepts_open_metrics(std::string_view accept_header) {
  return accept_header.find("application/openmetrics-text") != std::string_view::npos;
}

using ResourceMetricsProto = opentelemetry::proto::metrics::v1::ResourceMetrics;
using MetricProto = opentelemetry::proto::metrics::v1::Metric;

// Writes all metrics of all resources as one exposition. Each family (name) gets one
// HELP and one TYPE line; a metric whose name collides with a family of another type
// is dropped (the spec's rule against conflicting TYPE lines). Delta sums and delta
// histograms are dropped: this function is stateless, and Prometheus needs cumulative
// values (accumulate them first if you receive delta data).
std::string write_text(std::span<const ResourceMetricsProto> resources,
                       const TextOptions& options = {});
std::string write_text(const ResourceMetricsProto& resource, const TextOptions& options = {});

// The pieces, public because the viewer and tests use them.

// The Prometheus family name of an OTLP metric: sanitised name + unit word + `_total`
// for monotonic cumulative sums (e.g. "http.server.request.duration" with unit "s"
// -> "http_server_request_duration_seconds").
std::string family_name(const MetricProto& metric, const TextOptions& options = {});
// Invalid characters -> '_', runs of '_' collapsed, leading digit prefixed with '_'.
std::string sanitize_metric_name(std::string_view name);
std::string sanitize_label_name(std::string_view name);
// UCUM unit -> the word Prometheus names use: "s" -> "seconds", "By" -> "bytes",
// "m/s" -> "meters_per_second", "{request}" -> "" (annotations are dropped). "1" maps to
// "ratio" only for gauges (as the Collector does), so a counter with unit "1" stays
// `x_total`, never `x_ratio_total`.
std::string unit_word(std::string_view unit, bool is_gauge);
// Escaping for label values (\\, \", \n) and HELP text (\\, \n).
std::string escape_label_value(std::string_view value);
std::string escape_help(std::string_view help);
// A sample value as Prometheus writes it: shortest round-trip decimal, +Inf, -Inf, NaN.
std::string format_value(double value);

}  // namespace otel::prometheus
