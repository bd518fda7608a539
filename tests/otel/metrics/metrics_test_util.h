// Helpers for reading what a metric reader collected.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "otel/exporters/otlp/otlp_proto_common.h"
#include "otel/metrics/meter_provider.h"

namespace otel_test {

namespace pbm = opentelemetry::proto::metrics::v1;

inline const pbm::Metric* FindMetric(const pbm::ResourceMetrics& rm, const std::string& name) {
  for (const auto& sm : rm.scope_metrics()) {
    for (const auto& m : sm.metrics()) {
      if (m.name() == name) return &m;
    }
  }
  return nullptr;
}

// Attributes of a point as "k=v" strings (values in the SDK's readable form).
template <class Point>
std::map<std::string, std::string> AttributeMap(const Point& point) {
  std::map<std::string, std::string> out;
  for (const auto& kv : point.attributes()) {
    out[kv.key()] = otel::exporters::otlp::from_proto(kv.value()).to_string();
  }
  return out;
}

template <class Points>
auto FindPoint(const Points& points, const std::map<std::string, std::string>& attributes)
    -> decltype(&points.Get(0)) {
  for (const auto& p : points) {
    if (AttributeMap(p) == attributes) return &p;
  }
  return nullptr;
}

inline double Value(const pbm::NumberDataPoint& p) {
  return p.value_case() == pbm::NumberDataPoint::kAsInt ? static_cast<double>(p.as_int())
                                                        : p.as_double();
}

// A provider with one manual reader, for tests.
struct TestMetrics {
  explicit TestMetrics(otel::metrics::MeterProviderOptions options = {},
                       otel::metrics::MetricReader::TemporalitySelector temporality = nullptr)
      : provider(std::make_shared<otel::metrics::MeterProvider>(std::move(options))),
        reader(std::make_shared<otel::metrics::ManualReader>(std::move(temporality))) {
    provider->add_reader(reader);
    meter = provider->get_meter("test-scope", "1.2.3");
  }
  pbm::ResourceMetrics Collect() {
    pbm::ResourceMetrics rm;
    reader->collect(rm);
    return rm;
  }
  std::shared_ptr<otel::metrics::MeterProvider> provider;
  std::shared_ptr<otel::metrics::ManualReader> reader;
  std::shared_ptr<otel::metrics::Meter> meter;
};

}  // namespace otel_test
