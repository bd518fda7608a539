#include "otel/metrics/console_metric_exporter.h"

#include <iostream>
#include <sstream>

#include "common/no_throw.h"
#include "otel/exporters/otlp/otlp_proto_common.h"
#include "otel/prometheus/text_writer.h"

namespace otel::metrics {
namespace {

namespace pb = opentelemetry::proto::metrics::v1;

std::string format_attributes(
    const google::protobuf::RepeatedPtrField<opentelemetry::proto::common::v1::KeyValue>& kvs) {
  std::string out = "{";
  for (int i = 0; i < kvs.size(); ++i) {
    if (i > 0) out += ", ";
    out += kvs[i].key() + "=" + exporters::otlp::from_proto(kvs[i].value()).to_string();
  }
  return out + "}";
}

std::string temporality(pb::AggregationTemporality t) {
  return t == pb::AGGREGATION_TEMPORALITY_DELTA ? "delta" : "cumulative";
}

std::string number(const pb::NumberDataPoint& p) {
  return p.value_case() == pb::NumberDataPoint::kAsInt ? std::to_string(p.as_int())
                                                       : prometheus::format_value(p.as_double());
}

}  // namespace

std::string format_metrics(const ResourceMetricsProto& metrics) {
  std::ostringstream out;
  out << "resource " << format_attributes(metrics.resource().attributes()) << "\n";
  for (const auto& sm : metrics.scope_metrics()) {
    out << "  scope " << sm.scope().name();
    if (!sm.scope().version().empty()) out << " " << sm.scope().version();
    out << "\n";
    for (const auto& m : sm.metrics()) {
      out << "    " << m.name();
      if (!m.unit().empty()) out << " [" << m.unit() << "]";
      if (m.has_sum()) {
        out << " sum " << temporality(m.sum().aggregation_temporality())
            << (m.sum().is_monotonic() ? " monotonic" : "") << "\n";
        for (const auto& p : m.sum().data_points())
          out << "      " << format_attributes(p.attributes()) << " " << number(p) << "\n";
      } else if (m.has_gauge()) {
        out << " gauge\n";
        for (const auto& p : m.gauge().data_points())
          out << "      " << format_attributes(p.attributes()) << " " << number(p) << "\n";
      } else if (m.has_histogram()) {
        out << " histogram " << temporality(m.histogram().aggregation_temporality()) << "\n";
        for (const auto& p : m.histogram().data_points()) {
          out << "      " << format_attributes(p.attributes()) << " count=" << p.count()
              << " sum=" << prometheus::format_value(p.sum());
          if (p.has_min())
            out << " min=" << prometheus::format_value(p.min())
                << " max=" << prometheus::format_value(p.max());
          out << " buckets=[";
          for (int i = 0; i < p.bucket_counts_size(); ++i)
            out << (i ? "," : "") << p.bucket_counts(i);
          out << "]\n";
        }
      } else {
        out << "\n";
      }
    }
  }
  return out.str();
}

ConsoleMetricExporter::ConsoleMetricExporter(std::ostream* out, TemporalityPreference preference)
    : out_(out ? out : &std::cout), preference_(preference) {}

ExportResult ConsoleMetricExporter::export_metrics(const ResourceMetricsProto& metrics) noexcept {
  return internal::result_or(ExportResult::kFailure, "ConsoleMetricExporter::export_metrics", [&] {
    const std::string text = format_metrics(metrics);
    std::lock_guard<std::mutex> lock(mutex_);
    *out_ << text << std::flush;
    return out_->good() ? ExportResult::kSuccess : ExportResult::kFailure;
  });
}

}  // namespace otel::metrics
