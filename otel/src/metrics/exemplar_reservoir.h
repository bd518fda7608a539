// Exemplars (metrics SDK spec, "Exemplar"): the filter's check on the hot path and the
// reservoirs a point keeps its sampled measurements in.
//
// Hot-path design (#18): the filter is checked once per measurement, for all of an
// instrument's streams; the current span context is only looked at when the filter is not
// always_off, and the clock is only read when the filter passes. A reservoir belongs to
// one point (for histograms to one stripe of it, so threads on different stripes never
// share one) and is allocated at its first exemplar, so points that never see a sampled
// span cost one null pointer. An offer takes the reservoir's tiny lock with try_lock and
// is simply dropped when another thread holds it: recording never waits, and an exemplar
// is a sample anyway. Collection takes the same lock (held for nanoseconds) to move the
// exemplars out.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "metrics/attribute_ref.h"
#include "opentelemetry/proto/metrics/v1/metrics.pb.h"
#include "otel/context/context.h"
#include "otel/context/span_context.h"
#include "otel/metrics/exemplar_filter.h"
#include "otel/trace/span.h"

namespace otel::metrics::detail {

// What the hot path hands a stream when the filter let a measurement through.
struct ExemplarContext {
  std::uint64_t time_unix_nano = 0;
  const trace::SpanContext* span = nullptr;  // null: no valid span (always_on without one)
};

// The time of an exemplar: CLOCK_REALTIME_COARSE (the kernel tick, 4 ms here): ~5 ns against
// ~25 ns for the precise clock on this VM, which was most of an exemplar's cost. Prometheus
// keeps exemplar timestamps in milliseconds; a few ms is plenty to place a dot on a chart.
std::uint64_t exemplar_now_unix_nano();

// True (and `out` filled) when the measurement may become an exemplar. Without a span this
// is one call (Context::current) and a null test: the inline span() rather than the
// out-of-line span_context() kept the no-span histogram record within noise of before.
inline bool take_exemplar_context(ExemplarFilter filter, ExemplarContext& out) {
  if (filter == ExemplarFilter::kAlwaysOff) return false;
  const std::shared_ptr<trace::Span>& span = Context::current().span();
  const trace::SpanContext* context = span ? &span->span_context() : nullptr;
  if (filter == ExemplarFilter::kTraceBased) {
    if (context == nullptr || !context->is_sampled() || !context->is_valid()) return false;
  } else if (context != nullptr && !context->is_valid()) {
    context = nullptr;  // always_on with an invalid span: an exemplar without ids
  }
  out.span = context;
  out.time_unix_nano = exemplar_now_unix_nano();
  return true;
}

struct StoredExemplar {
  std::uint64_t time_unix_nano = 0;
  double double_value = 0;
  std::int64_t int_value = 0;
  bool is_int = false;
  bool has_span = false;
  trace::TraceId trace_id;
  trace::SpanId span_id;
  OwnedAttributes filtered_attributes;  // the measurement's attributes the point does not have
  std::size_t cell = 0;                 // bucket index (aligned) or reservoir slot (fixed size)
};

// A lock whose holders never wait on the hot path (try_lock); lock() spins with yields and
// is only used by collection. Satisfies Lockable, so std::unique_lock/lock_guard hold it.
class ExemplarLock {
 public:
  bool try_lock() {
    return !busy_.load(std::memory_order_relaxed) &&
           !busy_.exchange(true, std::memory_order_acquire);
  }
  void lock() {
    while (!try_lock()) std::this_thread::yield();
  }
  void unlock() { busy_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> busy_{false};
};

class ExemplarReservoir {
 public:
  explicit ExemplarReservoir(std::size_t cells)
      : cells_(cells), cell_times_(std::make_unique<std::atomic<std::uint64_t>[]>(cells)) {}

  // Further sampling (the specification allows it): a cell takes at most one exemplar per
  // clock tick (4 ms). Checked with a plain load before any lock, so a hot loop of sampled
  // measurements costs the clock read and this compare, not the lock's atomic exchange
  // (docs/performance.md: 1.37x a plain histogram record). Request rates never notice.
  bool taken_this_tick(std::size_t cell, std::uint64_t time_unix_nano) const {
    return cell < cells_.size() &&
           cell_times_[cell].load(std::memory_order_relaxed) == time_unix_nano;
  }

  // AlignedHistogramBucketExemplarReservoir: the cell is the measurement's bucket and the
  // last measurement seen in it is kept (the specification allows "last seen").
  template <class V>
  void offer_at(std::size_t cell, V value, const ExemplarContext& context,
                std::span<const AttrRef> attributes, const KeyFilter* filter) {
    if (taken_this_tick(cell, context.time_unix_nano)) return;
    std::unique_lock<ExemplarLock> guard(lock_, std::try_to_lock);
    if (!guard.owns_lock() || cell >= cells_.size()) return;
    write(cells_[cell], cell, value, context, attributes, filter);
    cell_times_[cell].store(context.time_unix_nano, std::memory_order_relaxed);
  }

  // SimpleFixedSizeExemplarReservoir: uniform sampling over the measurements offered since
  // the last collection (reservoir sampling, "algorithm R").
  template <class V>
  void offer_sampled(V value, const ExemplarContext& context, std::span<const AttrRef> attributes,
                     const KeyFilter* filter) {
    // One offer per tick for the whole reservoir (cell 0's time stands for it).
    if (taken_this_tick(0, context.time_unix_nano)) return;
    std::unique_lock<ExemplarLock> guard(lock_, std::try_to_lock);
    if (!guard.owns_lock()) return;
    cell_times_[0].store(context.time_unix_nano, std::memory_order_relaxed);
    const std::uint64_t seen = offered_++;
    std::size_t cell = static_cast<std::size_t>(seen);
    if (seen >= cells_.size()) {
      cell = static_cast<std::size_t>(random_below(seen + 1));
      if (cell >= cells_.size()) return;
    }
    write(cells_[cell], cell, value, context, attributes, filter);
  }

  // Moves the filled cells into `out` (appended) and starts a new sampling period.
  void collect(std::vector<StoredExemplar>& out) {
    std::lock_guard<ExemplarLock> guard(lock_);
    for (std::size_t i = 0; i < cells_.size(); ++i)
      cell_times_[i].store(0, std::memory_order_relaxed);
    for (auto& cell : cells_) {
      if (cell.time_unix_nano == 0) continue;
      out.push_back(std::move(cell));
      cell = StoredExemplar{};
    }
    offered_ = 0;
  }

 private:
  static std::uint64_t random_below(std::uint64_t bound);

  template <class V>
  static void write(StoredExemplar& cell, std::size_t index, V value,
                    const ExemplarContext& context, std::span<const AttrRef> attributes,
                    const KeyFilter* filter) {
    cell.cell = index;
    cell.time_unix_nano = context.time_unix_nano;
    cell.is_int = std::is_integral_v<V>;
    if constexpr (std::is_integral_v<V>) {
      cell.int_value = static_cast<std::int64_t>(value);
    } else {
      cell.double_value = static_cast<double>(value);
    }
    cell.has_span = context.span != nullptr;
    if (context.span != nullptr) {
      cell.trace_id = context.span->trace_id();
      cell.span_id = context.span->span_id();
    }
    cell.filtered_attributes.clear();
    if (filter == nullptr) return;  // without a view's allow-list the point has every key
    for (const auto& a : attributes) {
      if (!filter->allows(a.key))
        cell.filtered_attributes.push_back({std::string(a.key), *a.value});
    }
  }

  ExemplarLock lock_;
  std::vector<StoredExemplar> cells_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> cell_times_;  // last write's tick per cell
  std::uint64_t offered_ = 0;
};

// A point's (or stripe's) reservoir, allocated by its first exemplar.
class LazyReservoir {
 public:
  LazyReservoir() = default;
  LazyReservoir(const LazyReservoir&) = delete;
  LazyReservoir& operator=(const LazyReservoir&) = delete;
  ~LazyReservoir() { std::unique_ptr<ExemplarReservoir> owned(reservoir_.load()); }

  [[gnu::always_inline]] ExemplarReservoir& get(std::size_t cells) {
    ExemplarReservoir* current = reservoir_.load(std::memory_order_acquire);
    if (current != nullptr) [[likely]]
      return *current;
    return install(cells);
  }
  ExemplarReservoir* get_if_allocated() { return reservoir_.load(std::memory_order_acquire); }

 private:
  [[gnu::noinline]] ExemplarReservoir& install(std::size_t cells) {
    ExemplarReservoir* current = nullptr;
    auto fresh = std::make_unique<ExemplarReservoir>(cells);
    if (reservoir_.compare_exchange_strong(current, fresh.get(), std::memory_order_acq_rel))
      return *fresh.release();
    return *current;  // another thread installed one first
  }

  std::atomic<ExemplarReservoir*> reservoir_{nullptr};
};

// Cells of the SimpleFixedSizeExemplarReservoir for sums and last values.
inline constexpr std::size_t kFixedSizeReservoirCells = 4;

// Adds `fresh` to `into`, one exemplar per cell, the later one winning (bounded by the
// reservoir's cell count).
void merge_exemplars(std::vector<StoredExemplar>& into, std::vector<StoredExemplar>&& fresh);

// The OTLP Exemplar messages, in cell order.
void write_exemplars(
    const std::vector<StoredExemplar>& exemplars,
    google::protobuf::RepeatedPtrField<opentelemetry::proto::metrics::v1::Exemplar>* out);

}  // namespace otel::metrics::detail
