// The hot-path index of one metric stream: attribute set -> aggregation point.
//
// Why this shape: opentelemetry-cpp takes one mutex per instrument on every
// measurement, which serialises threads. Here a measurement hashes the caller's
// attributes in place (order-independent, no allocation), probes a fixed-size
// open-addressing table of atomic pointers without any lock, and updates the point
// with atomics. Only the first measurement of a new attribute set takes a mutex to
// insert. Entries are never removed (the table is bounded by the cardinality limit),
// so a reader can never see a freed entry; sets beyond the limit share the overflow
// point tagged `otel.metric.overflow=true`.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/attribute_ref.h"

namespace otel::metrics::detail {

template <class Point>
class AttributeTable {
 public:
  struct Entry {
    template <class... Args>
    Entry(std::uint64_t h, OwnedAttributes a, Args&&... args)
        : hash(h), attributes(std::move(a)), point(std::forward<Args>(args)...) {}
    const std::uint64_t hash;
    const OwnedAttributes attributes;  // sorted by key, unique keys, filtered
    Point point;
  };

  // `limit` counts the overflow set too (the specification's definition).
  template <class... PointArgs>
  AttributeTable(std::size_t limit, const KeyFilter* filter, PointArgs&&... point_args)
      : limit_(std::max<std::size_t>(limit, 2)), filter_(filter) {
    std::size_t capacity = 16;
    while (capacity < limit_ * 2) capacity *= 2;
    mask_ = capacity - 1;
    slots_ = std::make_unique<std::atomic<Entry*>[]>(capacity);
    for (std::size_t i = 0; i < capacity; ++i) slots_[i].store(nullptr, std::memory_order_relaxed);
    make_point_ = [=](std::uint64_t hash, OwnedAttributes attributes) {
      return std::make_unique<Entry>(hash, std::move(attributes), point_args...);
    };
    OwnedAttributes overflow_attributes;
    overflow_attributes.push_back(KeyValue{"otel.metric.overflow", AttributeValue(true)});
    overflow_ = make_point_(0, std::move(overflow_attributes));
  }

  AttributeTable(const AttributeTable&) = delete;
  AttributeTable& operator=(const AttributeTable&) = delete;

  Point& find(std::span<const AttrRef> attributes) {
    if (attributes.empty() && filter_ == nullptr) {
      Entry* empty = empty_.load(std::memory_order_acquire);
      if (empty != nullptr) return empty->point;
    }
    const std::uint64_t hash = hash_attributes(attributes, filter_);
    if (Entry* found = probe(hash, attributes)) return found->point;
    return insert(attributes);
  }

  // Every entry (in insertion order) and the overflow entry if it was used.
  template <class Fn>
  void for_each(Fn&& fn) {
    std::vector<Entry*> snapshot;
    {
      std::lock_guard<std::mutex> lock(insert_mutex_);
      snapshot.reserve(entries_.size());
      for (const auto& entry : entries_) snapshot.push_back(entry.get());
    }
    for (Entry* entry : snapshot) fn(*entry);
    if (overflow_used_.load(std::memory_order_acquire)) fn(*overflow_);
  }

  std::size_t size() const { return size_.load(std::memory_order_relaxed); }

 private:
  Entry* probe(std::uint64_t hash, std::span<const AttrRef> attributes) const {
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      Entry* entry = slots_[i].load(std::memory_order_acquire);
      if (entry == nullptr) return nullptr;
      if (entry->hash == hash && same_attributes(entry->attributes, attributes, filter_))
        return entry;
    }
  }

  Point& overflow() {
    if (!overflow_used_.load(std::memory_order_relaxed))
      overflow_used_.store(true, std::memory_order_release);
    return overflow_->point;
  }

  Point& insert(std::span<const AttrRef> attributes) {
    // Past the limit no new set is ever admitted: answer without the mutex.
    if (size_.load(std::memory_order_acquire) + 1 >= limit_) {
      OwnedAttributes canonical = canonicalize(attributes, filter_);
      if (Entry* found = probe(hash_owned(canonical), to_refs(canonical))) return found->point;
      return overflow();
    }
    OwnedAttributes canonical = canonicalize(attributes, filter_);
    const std::uint64_t hash = hash_owned(canonical);
    std::lock_guard<std::mutex> lock(insert_mutex_);
    if (Entry* found = probe(hash, to_refs(canonical)))
      return found->point;  // raced, or duplicate keys
    if (size_.load(std::memory_order_relaxed) + 1 >= limit_) return overflow();
    const bool is_empty = canonical.empty();
    entries_.push_back(make_point_(hash, std::move(canonical)));
    Entry* entry = entries_.back().get();
    std::size_t i = hash & mask_;
    while (slots_[i].load(std::memory_order_relaxed) != nullptr) i = (i + 1) & mask_;
    slots_[i].store(entry, std::memory_order_release);
    size_.fetch_add(1, std::memory_order_release);
    if (is_empty && filter_ == nullptr) empty_.store(entry, std::memory_order_release);
    return entry->point;
  }

  const std::size_t limit_;
  const KeyFilter* const filter_;
  std::size_t mask_ = 0;
  std::unique_ptr<std::atomic<Entry*>[]> slots_;
  std::atomic<std::size_t> size_{0};
  std::atomic<Entry*> empty_{nullptr};
  std::atomic<bool> overflow_used_{false};
  std::unique_ptr<Entry> overflow_;
  std::function<std::unique_ptr<Entry>(std::uint64_t, OwnedAttributes)> make_point_;
  std::mutex insert_mutex_;
  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace otel::metrics::detail
