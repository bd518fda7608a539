// The three aggregations of synchronous measurements: sum, last value and explicit
// bucket histogram. Each has a hot-path Point (atomics only), a collection-side
// Accumulation, and the rules to drain a point, merge accumulations and write OTLP.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "metrics/exemplar_reservoir.h"
#include "opentelemetry/proto/metrics/v1/metrics.pb.h"

namespace otel::metrics::detail {

// Points are built from the stream's bucket boundaries (only histograms use them).
using Boundaries = std::vector<double>;

template <class T>
struct SumAggregator {
  struct Point {
    explicit Point(const Boundaries* /*unused*/) {}
    std::atomic<T> value{0};
    std::atomic<bool> touched{false};
    LazyReservoir exemplars;
  };
  using Accumulation = T;

  static void record(Point& p, T v) {
    p.value.fetch_add(v, std::memory_order_relaxed);
    if (!p.touched.load(std::memory_order_relaxed))
      p.touched.store(true, std::memory_order_relaxed);
  }
  // The delta since the last drain; false when nothing was recorded. `touched` is cleared
  // before the value is taken, so a racing add is never lost (at worst a 0 is reported).
  static bool drain(Point& p, Accumulation& out) {
    const bool touched = p.touched.exchange(false, std::memory_order_acq_rel);
    out = p.value.exchange(0, std::memory_order_acq_rel);
    return touched || out != 0;
  }
  static void merge(Accumulation& into, const Accumulation& delta) { into += delta; }
};

template <class T>
struct LastValueAggregator {
  struct Point {
    explicit Point(const Boundaries* /*unused*/) {}
    std::atomic<T> value{0};
    std::atomic<bool> touched{false};
    LazyReservoir exemplars;
  };
  using Accumulation = T;

  static void record(Point& p, T v) {
    p.value.store(v, std::memory_order_relaxed);
    p.touched.store(true, std::memory_order_release);
  }
  static bool drain(Point& p, Accumulation& out) {
    if (!p.touched.exchange(false, std::memory_order_acq_rel)) return false;
    out = p.value.load(std::memory_order_relaxed);
    return true;
  }
  static void merge(Accumulation& into, const Accumulation& latest) { into = latest; }
};

// A thread's stripe (0..kStripes-1), assigned round-robin at its first measurement.
inline std::size_t thread_stripe(std::size_t stripes) {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t kMine = next.fetch_add(1, std::memory_order_relaxed);
  return kMine & (stripes - 1);
}

struct HistogramAggregator {
  // A histogram point updates several atomics per record (a bucket, the sum by CAS, min,
  // max); with one copy, two threads recording into the same point made each record ~5x
  // slower than one thread alone (the cache line bounced between cores). So each point
  // has a few stripes, each on its own cache line, a thread records into its stripe and
  // a drain adds them up. Memory: kStripes x (64 B + 8 B per bucket) per point.
  static constexpr std::size_t kStripes = 4;
  struct alignas(64) Stripe {
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts;
    std::atomic<double> sum{0};
    std::atomic<double> min{std::numeric_limits<double>::infinity()};
    std::atomic<double> max{-std::numeric_limits<double>::infinity()};
    LazyReservoir exemplars;  // this stripe's threads' exemplars, one cell per bucket
  };
  struct Point {
    explicit Point(const std::vector<double>* b) : bounds(b) {
      for (auto& stripe : stripes) {
        stripe.counts.reset(new std::atomic<std::uint64_t>[b->size() + 1]);
        for (std::size_t i = 0; i <= b->size(); ++i)
          stripe.counts[i].store(0, std::memory_order_relaxed);
      }
    }
    const std::vector<double>* bounds;
    Stripe stripes[kStripes];
  };
  struct Accumulation {
    std::vector<std::uint64_t> counts;
    std::uint64_t count = 0;
    double sum = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
  };

  // Buckets are (previous bound, bound]: the first bound >= v.
  static std::size_t bucket_index(const std::vector<double>& bounds, double v) {
    if (bounds.size() <= 16) {  // linear scan beats binary search for the common sizes
      std::size_t i = 0;
      while (i < bounds.size() && v > bounds[i]) ++i;
      return i;
    }
    return static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), v) -
                                    bounds.begin());
  }

  static void record(Point& p, double v) {
    if (std::isnan(v)) return;
    record_in_bucket(p, v, bucket_index(*p.bounds, v));
  }

  // The record itself, for a caller that needs the bucket too (exemplars); the stripe used.
  // Forced inline: out of line (GCC's choice once it had two callers) it cost the plain
  // record ~4 ns.
  [[gnu::always_inline]] static Stripe& record_in_bucket(Point& p, double v, std::size_t bucket) {
    Stripe& s = p.stripes[thread_stripe(kStripes)];
    s.counts[bucket].fetch_add(1, std::memory_order_relaxed);
    // The CAS loop atomic<double>::fetch_add is, written out: libstdc++'s out-of-line helper
    // stopped being inlined here once exemplars added a caller (+4 ns per record, perf).
    double sum = s.sum.load(std::memory_order_relaxed);
    while (!s.sum.compare_exchange_weak(sum, sum + v, std::memory_order_relaxed)) {
    }
    double current = s.min.load(std::memory_order_relaxed);
    while (v < current && !s.min.compare_exchange_weak(current, v, std::memory_order_relaxed)) {
    }
    current = s.max.load(std::memory_order_relaxed);
    while (v > current && !s.max.compare_exchange_weak(current, v, std::memory_order_relaxed)) {
    }
    return s;
  }

  // The count is the sum of the drained buckets, so count and buckets always agree.
  static bool drain(Point& p, Accumulation& out) {
    const std::size_t n = p.bounds->size() + 1;
    out.counts.assign(n, 0);
    out.count = 0;
    out.sum = 0;
    out.min = std::numeric_limits<double>::infinity();
    out.max = -std::numeric_limits<double>::infinity();
    for (auto& s : p.stripes) {
      std::uint64_t stripe_count = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t c = s.counts[i].exchange(0, std::memory_order_acq_rel);
        out.counts[i] += c;
        stripe_count += c;
      }
      if (stripe_count == 0) continue;
      out.count += stripe_count;
      out.sum += s.sum.exchange(0, std::memory_order_acq_rel);
      out.min = std::min(out.min, s.min.exchange(std::numeric_limits<double>::infinity(),
                                                 std::memory_order_acq_rel));
      out.max = std::max(out.max, s.max.exchange(-std::numeric_limits<double>::infinity(),
                                                 std::memory_order_acq_rel));
    }
    return out.count > 0;
  }

  static void merge(Accumulation& into, const Accumulation& delta) {
    if (into.counts.size() < delta.counts.size()) into.counts.resize(delta.counts.size(), 0);
    for (std::size_t i = 0; i < delta.counts.size(); ++i) into.counts[i] += delta.counts[i];
    into.count += delta.count;
    into.sum += delta.sum;
    into.min = std::min(into.min, delta.min);
    into.max = std::max(into.max, delta.max);
  }
};

}  // namespace otel::metrics::detail
