// Meter: creates the instruments of one instrumentation scope.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "otel/common/instrumentation_scope.h"
#include "otel/metrics/instruments.h"

namespace otel::metrics {

namespace detail {
struct MeterState;
}

// Instruments are created by name; `T` is std::int64_t or double. An invalid name, unit or
// description gives one clear warning and a no-op instrument. Asking again for an
// instrument with the same identity returns one that shares the same data.
class Meter {
 public:
  explicit Meter(std::shared_ptr<detail::MeterState> state) : state_(std::move(state)) {}

  template <MetricValue T = std::int64_t>
  Counter<T> create_counter(std::string_view name, std::string_view description = "",
                            std::string_view unit = "");
  template <MetricValue T = std::int64_t>
  UpDownCounter<T> create_up_down_counter(std::string_view name, std::string_view description = "",
                                          std::string_view unit = "");
  // `advice.explicit_bucket_boundaries` sets the buckets unless a view says otherwise.
  template <MetricValue T = double>
  Histogram<T> create_histogram(std::string_view name, std::string_view description = "",
                                std::string_view unit = "", InstrumentAdvice advice = {});
  template <MetricValue T = double>
  Gauge<T> create_gauge(std::string_view name, std::string_view description = "",
                        std::string_view unit = "");

  template <MetricValue T = std::int64_t>
  ObservableInstrument<T> create_observable_counter(std::string_view name,
                                                    ObservableCallback<T> callback,
                                                    std::string_view description = "",
                                                    std::string_view unit = "");
  template <MetricValue T = std::int64_t>
  ObservableInstrument<T> create_observable_up_down_counter(std::string_view name,
                                                            ObservableCallback<T> callback,
                                                            std::string_view description = "",
                                                            std::string_view unit = "");
  template <MetricValue T = double>
  ObservableInstrument<T> create_observable_gauge(std::string_view name,
                                                  ObservableCallback<T> callback,
                                                  std::string_view description = "",
                                                  std::string_view unit = "");

  const InstrumentationScope& scope() const;

 private:
  std::shared_ptr<detail::SyncInstrumentState> create_sync(InstrumentDescriptor descriptor);
  std::shared_ptr<detail::ObservableState> create_observable(InstrumentDescriptor descriptor);
  static InstrumentDescriptor describe(std::string_view name, std::string_view description,
                                       std::string_view unit, InstrumentKind kind, ValueType type);
  template <MetricValue T>
  static constexpr ValueType value_type() {
    return std::same_as<T, double> ? ValueType::kDouble : ValueType::kInt64;
  }
  template <MetricValue T>
  ObservableInstrument<T> observable(InstrumentDescriptor descriptor,
                                     ObservableCallback<T> callback) {
    ObservableInstrument<T> instrument(create_observable(std::move(descriptor)));
    if (callback) instrument.add_callback(std::move(callback));
    return instrument;
  }

  std::shared_ptr<detail::MeterState> state_;
};

template <MetricValue T>
Counter<T> Meter::create_counter(std::string_view name, std::string_view description,
                                 std::string_view unit) {
  return Counter<T>(
      create_sync(describe(name, description, unit, InstrumentKind::kCounter, value_type<T>())));
}
template <MetricValue T>
UpDownCounter<T> Meter::create_up_down_counter(std::string_view name, std::string_view description,
                                               std::string_view unit) {
  return UpDownCounter<T>(create_sync(
      describe(name, description, unit, InstrumentKind::kUpDownCounter, value_type<T>())));
}
template <MetricValue T>
Histogram<T> Meter::create_histogram(std::string_view name, std::string_view description,
                                     // NOLINTNEXTLINE(performance-unnecessary-value-param): moved
                                     std::string_view unit, InstrumentAdvice advice) {
  auto descriptor = describe(name, description, unit, InstrumentKind::kHistogram, value_type<T>());
  descriptor.advice = std::move(advice);
  return Histogram<T>(create_sync(std::move(descriptor)));
}
template <MetricValue T>
Gauge<T> Meter::create_gauge(std::string_view name, std::string_view description,
                             std::string_view unit) {
  return Gauge<T>(
      create_sync(describe(name, description, unit, InstrumentKind::kGauge, value_type<T>())));
}
template <MetricValue T>
ObservableInstrument<T> Meter::create_observable_counter(std::string_view name,
                                                         ObservableCallback<T> callback,
                                                         std::string_view description,
                                                         std::string_view unit) {
  return observable<T>(
      describe(name, description, unit, InstrumentKind::kObservableCounter, value_type<T>()),
      std::move(callback));
}
template <MetricValue T>
ObservableInstrument<T> Meter::create_observable_up_down_counter(std::string_view name,
                                                                 ObservableCallback<T> callback,
                                                                 std::string_view description,
                                                                 std::string_view unit) {
  return observable<T>(
      describe(name, description, unit, InstrumentKind::kObservableUpDownCounter, value_type<T>()),
      std::move(callback));
}
template <MetricValue T>
ObservableInstrument<T> Meter::create_observable_gauge(std::string_view name,
                                                       ObservableCallback<T> callback,
                                                       std::string_view description,
                                                       std::string_view unit) {
  return observable<T>(
      describe(name, description, unit, InstrumentKind::kObservableGauge, value_type<T>()),
      std::move(callback));
}

}  // namespace otel::metrics
