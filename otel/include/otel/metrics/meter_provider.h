// MeterProvider: owns readers, views and meters; the global provider is what
// instrumentation code asks for meters.
//
//   auto provider = std::make_shared<otel::metrics::MeterProvider>(options);
//   provider->add_reader(std::make_shared<PeriodicExportingMetricReader>(exporter));
//   otel::metrics::set_meter_provider(provider);
//   auto meter = otel::metrics::get_meter_provider()->get_meter("iss-distance-service");
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "otel/common/attribute_value.h"
#include "otel/metrics/exemplar_filter.h"
#include "otel/metrics/meter.h"
#include "otel/metrics/metric_reader.h"
#include "otel/metrics/view.h"
#include "otel/resource/resource.h"

namespace otel::metrics {

struct MeterProviderOptions {
  Resource resource = Resource::create();
  std::vector<View> views;
  std::size_t cardinality_limit = 2000;  // per stream, the overflow set included
  bool enabled = true;                   // false: every meter hands out no-op instruments
  // Set by MeterProvider::create and setup_metrics_from_env from OTEL_METRICS_EXEMPLAR_FILTER.
  ExemplarFilter exemplar_filter = ExemplarFilter::kTraceBased;
};

class MeterProvider {
 public:
  explicit MeterProvider(MeterProviderOptions options = {});
  // The usual provider: `resource` on every metric, collected by `reader` (none when
  // null) and, when OTEL_METRICS_EXPORTER names "prometheus", by a Prometheus pull
  // exporter too (a reader, OTEL_EXPORTER_PROMETHEUS_HOST/_PORT). OTEL_SDK_DISABLED=true
  // gives a disabled provider (no-op instruments).
  static std::shared_ptr<MeterProvider> create(const Resource& resource,
                                               std::shared_ptr<MetricReader> reader);
  // Shuts down (bounded by 5 s) if not done yet.
  ~MeterProvider();
  MeterProvider(const MeterProvider&) = delete;
  MeterProvider& operator=(const MeterProvider&) = delete;

  // One Meter per (name, version, schema_url); the same one for the same scope.
  std::shared_ptr<Meter> get_meter(std::string_view name, std::string_view version = "",
                                   std::string_view schema_url = "",
                                   const Attributes& attributes = {});
  // A reader registered after instruments were created still sees them from then on.
  // False if the reader already belongs to a provider.
  bool add_reader(std::shared_ptr<MetricReader> reader);
  // Applies to instruments created afterwards.
  void add_view(View view);

  bool force_flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Shuts the readers down (exporting what they hold); later measurements are dropped.
  bool shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  std::shared_ptr<detail::ProviderState> state_;
};

// The global provider: a disabled (no-op) provider until set_meter_provider is called.
std::shared_ptr<MeterProvider> get_meter_provider();
void set_meter_provider(std::shared_ptr<MeterProvider> provider);

}  // namespace otel::metrics
