#include <cmath>
#include <set>

#include "metrics/provider_state.h"
#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "otel/common/time.h"
#include "otel/metrics/instrument_validation.h"

namespace otel::metrics {
namespace {

bool same_identity(const InstrumentDescriptor& a, const InstrumentDescriptor& b) {
  return env::to_lower(a.name) == env::to_lower(b.name) && a.kind == b.kind &&
         a.value_type == b.value_type && a.unit == b.unit && a.description == b.description;
}

// Empty when the descriptor is valid. Each bad instrument is reported once per meter.
std::string validate(const InstrumentDescriptor& d) {
  std::string problem = validate_instrument_name(d.name);
  if (problem.empty()) problem = validate_instrument_unit(d.unit);
  if (problem.empty()) problem = validate_instrument_description(d.description);
  if (problem.empty() && d.advice.explicit_bucket_boundaries) {
    const auto& b = *d.advice.explicit_bucket_boundaries;
    for (std::size_t i = 0; i < b.size(); ++i) {
      if (std::isnan(b[i]) || std::isinf(b[i]) || (i > 0 && !(b[i] > b[i - 1]))) {
        problem = "histogram '" + d.name +
                  "': advised bucket boundaries must be finite and strictly increasing";
        break;
      }
    }
  }
  return problem;
}

bool report_once(detail::MeterState& meter, const std::string& key) {
  static std::mutex mutex;
  static std::set<std::string> reported;
  std::lock_guard<std::mutex> lock(mutex);
  return reported.insert(meter.scope.name + "\n" + key).second;
}

}  // namespace

const InstrumentationScope& Meter::scope() const {
  return state_->scope;
}

InstrumentDescriptor Meter::describe(std::string_view name, std::string_view description,
                                     std::string_view unit, InstrumentKind kind, ValueType type) {
  InstrumentDescriptor d;
  d.name = std::string(name);
  d.description = std::string(description);
  d.unit = std::string(unit);
  d.kind = kind;
  d.value_type = type;
  return d;
}

std::shared_ptr<detail::SyncInstrumentState> Meter::create_sync(InstrumentDescriptor descriptor) {
  auto provider = state_->provider.lock();
  if (!provider || !provider->options.enabled) return nullptr;
  if (std::string problem = validate(descriptor); !problem.empty()) {
    if (report_once(*state_, problem))
      internal::warn("metrics: " + problem + "; using a no-op instrument");
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (const auto& existing : state_->sync_instruments) {
    if (same_identity(existing->descriptor, descriptor)) return existing;
    if (env::to_lower(existing->descriptor.name) == env::to_lower(descriptor.name) &&
        report_once(*state_, "duplicate " + descriptor.name)) {
      internal::warn(
          "metrics: instrument '" + descriptor.name +
          "' was registered again with a different kind, unit or description; both are exported");
    }
  }
  auto instrument = std::make_shared<detail::SyncInstrumentState>();
  instrument->descriptor = descriptor;
  instrument->stopped = provider->stopped;
  instrument->exemplar_filter = provider->options.exemplar_filter;
  std::vector<View> views = provider->matching_views(descriptor, state_->scope.name);
  const std::size_t limit = provider->options.cardinality_limit;
  auto add_stream = [&](const View* view) {
    auto config = detail::resolve_stream(descriptor, view, limit);
    if (!config) return;
    auto storage = detail::make_sync_storage(*config, state_->start_ns);
    instrument->storages.push_back(storage);
    state_->streams.push_back({descriptor.kind, storage});
  };
  if (views.empty()) {
    add_stream(nullptr);
  } else {
    for (const auto& view : views) add_stream(&view);
  }
  state_->sync_instruments.push_back(instrument);
  if (instrument->storages.empty()) return nullptr;  // every matching view drops it
  return instrument;
}

std::shared_ptr<detail::ObservableState> Meter::create_observable(InstrumentDescriptor descriptor) {
  auto provider = state_->provider.lock();
  if (!provider || !provider->options.enabled) return nullptr;
  if (std::string problem = validate(descriptor); !problem.empty()) {
    if (report_once(*state_, problem))
      internal::warn("metrics: " + problem + "; using a no-op instrument");
    return nullptr;
  }
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (const auto& existing : state_->observables) {
    if (same_identity(existing->descriptor, descriptor)) return existing;
  }
  auto observable = std::make_shared<detail::ObservableState>();
  observable->descriptor = descriptor;
  std::vector<View> views = provider->matching_views(descriptor, state_->scope.name);
  bool any = false;
  auto add_stream = [&](const View* view) {
    auto config = detail::resolve_stream(descriptor, view, provider->options.cardinality_limit);
    if (!config) return;
    std::weak_ptr<detail::ObservableState> weak = observable;
    auto storage = detail::make_async_storage(*config, state_->start_ns,
                                              [weak](std::vector<detail::Observation>& out) {
                                                if (auto s = weak.lock()) s->observe(out);
                                              });
    state_->streams.push_back({descriptor.kind, storage});
    any = true;
  };
  if (views.empty()) {
    add_stream(nullptr);
  } else {
    for (const auto& view : views) add_stream(&view);
  }
  state_->observables.push_back(observable);
  return any ? observable : nullptr;
}

}  // namespace otel::metrics
