// The shared state behind MeterProvider, Meter and the instruments.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "metrics/metric_storage.h"
#include "otel/common/instrumentation_scope.h"
#include "otel/metrics/meter_provider.h"

namespace otel::metrics::detail {

struct SyncInstrumentState {
  InstrumentDescriptor descriptor;
  std::vector<std::shared_ptr<SyncStorage>> storages;  // one per matching view
  std::shared_ptr<const std::atomic<bool>> stopped;    // the provider was shut down
  std::atomic<bool> warned_negative{false};
  ExemplarFilter exemplar_filter = ExemplarFilter::kTraceBased;  // the provider's
};

struct ObservableState {
  InstrumentDescriptor descriptor;
  std::mutex mutex;
  std::map<std::uint64_t, ObserveFn> callbacks;
  std::uint64_t next_id = 1;
  // Runs every callback; a throwing callback is reported and skipped.
  void observe(std::vector<Observation>& out);
};

struct MeterState {
  InstrumentationScope scope;
  std::weak_ptr<ProviderState> provider;
  std::uint64_t start_ns = 0;
  std::mutex mutex;
  struct Stream {
    InstrumentKind kind;
    std::shared_ptr<MetricStorage> storage;
  };
  std::vector<Stream> streams;
  std::vector<std::shared_ptr<SyncInstrumentState>> sync_instruments;
  std::vector<std::shared_ptr<ObservableState>> observables;
};

struct ProviderState : std::enable_shared_from_this<ProviderState> {
  explicit ProviderState(MeterProviderOptions o) : options(std::move(o)) {}

  bool collect(std::size_t reader_index, ResourceMetricsProto& out);
  // Views matching an instrument (empty: the default stream).
  std::vector<View> matching_views(const InstrumentDescriptor& instrument,
                                   const std::string& meter_name);

  MeterProviderOptions options;
  std::shared_ptr<std::atomic<bool>> stopped = std::make_shared<std::atomic<bool>>(false);
  std::mutex mutex;
  std::vector<std::shared_ptr<MeterState>> meters;
  std::vector<std::shared_ptr<MetricReader>> readers;
};

}  // namespace otel::metrics::detail
