// The measurement hot path: attributes are referenced in place (a stack array of
// key/value pointers) and handed to each stream's storage.
#include <memory>

#include "metrics/provider_state.h"
#include "otel/common/internal_log.h"

namespace otel::metrics::detail {
namespace {

constexpr std::size_t kStackAttributes = 16;

// Every stream of the instrument; the exemplar filter is checked once for all of them.
template <class T>
void record_into_streams(SyncInstrumentState& state, T value, std::span<const AttrRef> view) {
  ExemplarContext exemplar;
  if (take_exemplar_context(state.exemplar_filter, exemplar)) {
    for (const auto& storage : state.storages) storage->record_with_exemplar(value, view, exemplar);
  } else {
    for (const auto& storage : state.storages) storage->record(value, view);
  }
}

template <class T, class Fill>
void dispatch(SyncInstrumentState& state, T value, std::size_t count, Fill&& fill) {
  if (state.stopped->load(std::memory_order_relaxed)) return;
  if (count <= kStackAttributes) {
    // Left uninitialized: fill() constructs the `count` entries used.
    union Refs {
      Refs() {}
      AttrRef items[kStackAttributes];
    } refs;
    fill(refs.items);
    record_into_streams(state, value, std::span<const AttrRef>(refs.items, count));
  } else {
    std::vector<AttrRef> refs(count);
    fill(refs.data());
    record_into_streams(state, value, std::span<const AttrRef>(refs));
  }
}

template <class T>
void record_list(SyncInstrumentState& state, T value,
                 std::span<const MeasurementAttribute> attributes) {
  dispatch(state, value, attributes.size(), [&](AttrRef* out) {
    for (const auto& [key, v] : attributes) std::construct_at(out++, AttrRef{key, &v});
  });
}

template <class T>
void record_attributes(SyncInstrumentState& state, T value, const Attributes& attributes) {
  dispatch(state, value, attributes.size(), [&](AttrRef* out) {
    for (const auto& kv : attributes) std::construct_at(out++, AttrRef{kv.key, &kv.value});
  });
}

}  // namespace

void record(SyncInstrumentState& state, std::int64_t value,
            std::span<const MeasurementAttribute> attributes) {
  record_list(state, value, attributes);
}
void record(SyncInstrumentState& state, double value,
            std::span<const MeasurementAttribute> attributes) {
  record_list(state, value, attributes);
}
void record(SyncInstrumentState& state, std::int64_t value, const Attributes& attributes) {
  record_attributes(state, value, attributes);
}
void record(SyncInstrumentState& state, double value, const Attributes& attributes) {
  record_attributes(state, value, attributes);
}

void warn_negative_counter_value(SyncInstrumentState& state) {
  if (!state.warned_negative.exchange(true)) {
    internal::warn(
        "metrics: counter '" + state.descriptor.name +
        "' was given a negative or NaN value; such values are ignored (counters only go up; use an "
        "UpDownCounter)");
  }
}

void ObservableState::observe(std::vector<Observation>& out) {
  std::vector<ObserveFn> snapshot;
  {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto& [id, fn] : callbacks) snapshot.push_back(fn);
  }
  for (const auto& fn : snapshot) {
    try {
      fn(out);
    } catch (const std::exception& e) {
      internal::warn("metrics: callback of '" + descriptor.name + "' threw: " + e.what());
    } catch (...) {
      internal::warn("metrics: callback of '" + descriptor.name + "' threw an exception");
    }
  }
}

}  // namespace otel::metrics::detail

namespace otel::metrics {

template <MetricValue T>
std::uint64_t ObservableInstrument<T>::add_callback(ObservableCallback<T> callback) {
  if (!state_ || !callback) return 0;
  detail::ObserveFn fn = [callback = std::move(callback)](std::vector<detail::Observation>& out) {
    ObserverResult<T> result;
    callback(result);
    for (const auto& [value, attributes] : result.observations()) {
      detail::Observation o;
      o.attributes = attributes;
      if constexpr (std::is_same_v<T, double>) {
        o.double_value = value;
      } else {
        o.int_value = value;
      }
      out.push_back(std::move(o));
    }
  };
  std::lock_guard<std::mutex> lock(state_->mutex);
  const std::uint64_t id = state_->next_id++;
  state_->callbacks.emplace(id, std::move(fn));
  return id;
}

template <MetricValue T>
void ObservableInstrument<T>::remove_callback(std::uint64_t id) {
  if (!state_) return;
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->callbacks.erase(id);
}

template class ObservableInstrument<std::int64_t>;
template class ObservableInstrument<double>;

}  // namespace otel::metrics
