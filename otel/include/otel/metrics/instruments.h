// The synchronous instruments (Counter, UpDownCounter, Histogram, Gauge) and the
// result object that observable instruments' callbacks fill.
//
//   auto requests = meter->create_counter<std::int64_t>("iss.requests", "ISS API calls");
//   requests.add(1, {{"response.status", 200}});
//
// Attributes are given as a braced list, an otel::Attributes, or a span of
// MeasurementAttribute (a stack array when the set varies from call to call): the first
// and last cost no heap allocation.
//
// Instruments are cheap handles (one shared_ptr). A default-constructed instrument, or
// one whose name was invalid, is a no-op. Recording never blocks on other threads
// recording into the same instrument (see docs/otel-metrics-logs.md).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "otel/common/attribute_value.h"
#include "otel/metrics/attributes.h"
#include "otel/metrics/instrument_descriptor.h"

namespace otel::metrics {

namespace detail {
struct SyncInstrumentState;
// Out-of-line so instruments stay header-light; `state` is never null here.
void record(SyncInstrumentState& state, std::int64_t value,
            std::span<const MeasurementAttribute> attributes);
void record(SyncInstrumentState& state, double value,
            std::span<const MeasurementAttribute> attributes);
void record(SyncInstrumentState& state, std::int64_t value, const Attributes& attributes);
void record(SyncInstrumentState& state, double value, const Attributes& attributes);
void warn_negative_counter_value(SyncInstrumentState& state);
}  // namespace detail

template <class T>
concept MetricValue = std::same_as<T, std::int64_t> || std::same_as<T, double>;

// Shared handle of the synchronous instruments.
class SyncInstrument {
 public:
  SyncInstrument() = default;
  explicit SyncInstrument(std::shared_ptr<detail::SyncInstrumentState> state)
      : state_(std::move(state)) {}
  // False for a no-op instrument (invalid name, dropped by a view, disabled SDK).
  bool enabled() const { return state_ != nullptr; }

 protected:
  template <class T, class A>
  void record(T value, const A& attributes) const {
    if (state_) detail::record(*state_, value, attributes);
  }
  std::shared_ptr<detail::SyncInstrumentState> state_;
};

template <MetricValue T>
class Counter : public SyncInstrument {
 public:
  using SyncInstrument::SyncInstrument;
  // Negative values (and NaN) are ignored (a counter only goes up), with one warning.
  void add(T value, MeasurementAttributes attributes = {}) const {
    add_checked(value, std::span<const MeasurementAttribute>(attributes));
  }
  void add(T value, std::span<const MeasurementAttribute> attributes) const {
    add_checked(value, attributes);
  }
  void add(T value, const Attributes& attributes) const { add_checked(value, attributes); }

 private:
  template <class A>
  void add_checked(T value, const A& attributes) const {
    if (!state_) return;
    if (!(value >= 0)) {  // also NaN
      detail::warn_negative_counter_value(*state_);
      return;
    }
    detail::record(*state_, value, attributes);
  }
};

template <MetricValue T>
class UpDownCounter : public SyncInstrument {
 public:
  using SyncInstrument::SyncInstrument;
  void add(T value, MeasurementAttributes attributes = {}) const {
    record(value, std::span<const MeasurementAttribute>(attributes));
  }
  void add(T value, std::span<const MeasurementAttribute> attributes) const {
    record(value, attributes);
  }
  void add(T value, const Attributes& attributes) const { record(value, attributes); }
};

template <MetricValue T>
class Histogram : public SyncInstrument {
 public:
  using SyncInstrument::SyncInstrument;
  void record(T value, MeasurementAttributes attributes = {}) const {
    SyncInstrument::record(value, std::span<const MeasurementAttribute>(attributes));
  }
  void record(T value, std::span<const MeasurementAttribute> attributes) const {
    SyncInstrument::record(value, attributes);
  }
  void record(T value, const Attributes& attributes) const {
    SyncInstrument::record(value, attributes);
  }
};

template <MetricValue T>
class Gauge : public SyncInstrument {
 public:
  using SyncInstrument::SyncInstrument;
  void record(T value, MeasurementAttributes attributes = {}) const {
    SyncInstrument::record(value, std::span<const MeasurementAttribute>(attributes));
  }
  void record(T value, std::span<const MeasurementAttribute> attributes) const {
    SyncInstrument::record(value, attributes);
  }
  void record(T value, const Attributes& attributes) const {
    SyncInstrument::record(value, attributes);
  }
};

// What an observable instrument's callback reports, once per collection.
template <MetricValue T>
class ObserverResult {
 public:
  void observe(T value, MeasurementAttributes attributes = {}) {
    Attributes owned;
    owned.reserve(attributes.size());
    for (const auto& [key, v] : attributes) set_attribute(owned, key, v);
    observations_.emplace_back(value, std::move(owned));
  }
  void observe(T value, const Attributes& attributes) {
    observations_.emplace_back(value, attributes);
  }
  const std::vector<std::pair<T, Attributes>>& observations() const { return observations_; }

 private:
  std::vector<std::pair<T, Attributes>> observations_;
};

template <MetricValue T>
using ObservableCallback = std::function<void(ObserverResult<T>&)>;

namespace detail {
struct ObservableState;
}

// Handle of an observable instrument: more callbacks can be added later; they stay
// registered until removed or the provider shuts down. A callback that throws is
// reported and skipped; its observations of that collection are lost, nothing else.
template <MetricValue T>
class ObservableInstrument {
 public:
  ObservableInstrument() = default;
  explicit ObservableInstrument(std::shared_ptr<detail::ObservableState> state)
      : state_(std::move(state)) {}
  bool enabled() const { return state_ != nullptr; }
  // Returns an id for remove_callback (0 for a no-op instrument).
  std::uint64_t add_callback(ObservableCallback<T> callback);
  void remove_callback(std::uint64_t id);

 private:
  std::shared_ptr<detail::ObservableState> state_;
};

}  // namespace otel::metrics
