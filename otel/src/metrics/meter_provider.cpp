#include "otel/metrics/meter_provider.h"

#include <array>
#include <memory>
#include <mutex>
#include <utility>

#include "common/deadline.h"
#include "common/provider_slot.h"
#include "metrics/provider_state.h"
#include "otel/common/time.h"
#include "otel/exporters/otlp/otlp_proto_common.h"

namespace otel::metrics {
namespace detail {

std::vector<View> ProviderState::matching_views(const InstrumentDescriptor& instrument,
                                                const std::string& meter_name) {
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<View> matching;
  for (const auto& view : options.views) {
    if (matches(view.selector, instrument, meter_name)) matching.push_back(view);
  }
  return matching;
}

bool ProviderState::collect(std::size_t reader_index, ResourceMetricsProto& out) {
  out.Clear();
  std::vector<std::shared_ptr<MeterState>> meter_snapshot;
  std::array<std::vector<AggregationTemporality>, 7> temporalities;  // per InstrumentKind
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (reader_index >= readers.size()) return false;
    meter_snapshot = meters;
    for (std::size_t kind = 0; kind < temporalities.size(); ++kind) {
      for (const auto& reader : readers) {
        temporalities[kind].push_back(reader->temporality(static_cast<InstrumentKind>(kind)));
      }
    }
  }
  exporters::otlp::to_proto(options.resource, out.mutable_resource());
  out.set_schema_url(options.resource.schema_url());
  const std::uint64_t now = now_unix_nano();
  for (const auto& meter : meter_snapshot) {
    std::vector<MeterState::Stream> streams;
    {
      std::lock_guard<std::mutex> lock(meter->mutex);
      streams = meter->streams;
    }
    if (streams.empty()) continue;
    auto* scope_metrics = out.add_scope_metrics();
    exporters::otlp::to_proto(meter->scope, scope_metrics->mutable_scope());
    scope_metrics->set_schema_url(meter->scope.schema_url);
    for (const auto& stream : streams) {
      CollectContext ctx;
      ctx.reader = reader_index;
      ctx.temporalities = temporalities[static_cast<std::size_t>(stream.kind)];
      ctx.now_ns = now;
      auto* metric = scope_metrics->add_metrics();
      if (!stream.storage->collect(ctx, metric)) scope_metrics->mutable_metrics()->RemoveLast();
    }
    if (scope_metrics->metrics_size() == 0) out.mutable_scope_metrics()->RemoveLast();
  }
  return true;
}

}  // namespace detail

MeterProvider::MeterProvider(MeterProviderOptions options)
    : state_(std::make_shared<detail::ProviderState>(std::move(options))) {}

MeterProvider::~MeterProvider() {
  shutdown(std::chrono::seconds(5));
}

std::shared_ptr<Meter> MeterProvider::get_meter(std::string_view name, std::string_view version,
                                                std::string_view schema_url,
                                                const Attributes& attributes) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (const auto& meter : state_->meters) {
    if (meter->scope.name == name && meter->scope.version == version &&
        meter->scope.schema_url == schema_url) {
      return std::make_shared<Meter>(meter);
    }
  }
  auto meter = std::make_shared<detail::MeterState>();
  meter->scope = InstrumentationScope{std::string(name), std::string(version),
                                      std::string(schema_url), attributes};
  meter->provider = state_;
  meter->start_ns = now_unix_nano();
  state_->meters.push_back(meter);
  return std::make_shared<Meter>(meter);
}

bool MeterProvider::add_reader(std::shared_ptr<MetricReader> reader) {
  if (!reader) return false;
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (!reader->provider_.expired()) return false;
  reader->provider_ = state_;
  reader->index_ = state_->readers.size();
  state_->readers.push_back(std::move(reader));
  return true;
}

void MeterProvider::add_view(View view) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->options.views.push_back(std::move(view));
}

namespace {
std::vector<std::shared_ptr<MetricReader>> readers_of(detail::ProviderState& state) {
  std::lock_guard<std::mutex> lock(state.mutex);
  return state.readers;
}
}  // namespace

bool MeterProvider::force_flush(std::chrono::milliseconds timeout) {
  return internal::call_each_within(
      readers_of(*state_), timeout,
      [](MetricReader& r, std::chrono::milliseconds left) { return r.force_flush(left); });
}

bool MeterProvider::shutdown(std::chrono::milliseconds timeout) {
  if (state_->stopped->exchange(true)) return true;
  return internal::call_each_within(
      readers_of(*state_), timeout,
      [](MetricReader& r, std::chrono::milliseconds left) { return r.shutdown(left); });
}

namespace {
internal::ProviderSlot<MeterProvider>& global_slot() {
  // The default provider has no reader: instruments from it record nothing.
  static auto* slot = new internal::ProviderSlot<MeterProvider>(
      std::make_shared<MeterProvider>(MeterProviderOptions{Resource::empty(), {}, 2000, false}));
  return *slot;
}
}  // namespace

std::shared_ptr<MeterProvider> get_meter_provider() {
  return global_slot().get();
}

void set_meter_provider(std::shared_ptr<MeterProvider> provider) {
  if (provider) global_slot().replace(std::move(provider));
}

}  // namespace otel::metrics
