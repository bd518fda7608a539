// One trace in the store: its spans in arrival order plus what the trace filters
// need (start, end, services, error count), kept up to date as spans come and go.
//
// The store evicts spans oldest first, so a trace always loses its oldest span:
// removal pops from the front, and the earliest start / latest end are kept by
// monotonic queues (sliding-window minimum and maximum). Every change is O(1)
// amortised; rescanning the trace's spans on each eviction was O(spans in the
// trace) and touched every one of them (cache misses on old spans).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "model.h"

namespace viewer {

// A vector used as a FIFO queue: pops from the front advance an index and the
// dead prefix is dropped once it is half of the vector (amortised O(1)).
template <typename T>
class FifoVector {
 public:
  void push_back(T value) { items_.push_back(std::move(value)); }
  void pop_back() { items_.pop_back(); }
  void pop_front() {
    items_[head_++] = T{};  // release what it holds now
    if (head_ == items_.size()) {
      items_.clear();
      head_ = 0;
    } else if (head_ >= 16 && head_ * 2 >= items_.size()) {
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }
  const T& front() const { return items_[head_]; }
  const T& back() const { return items_.back(); }
  bool empty() const { return head_ == items_.size(); }
  size_t size() const { return items_.size() - head_; }
  std::span<const T> view() const { return std::span<const T>(items_).subspan(head_); }

 private:
  std::vector<T> items_;
  size_t head_ = 0;
};

class TraceEntry {
 public:
  void Add(const SpanPtr& span);
  // Removes the trace's oldest span (the store's eviction order guarantees it is
  // the one being evicted).
  void RemoveOldest();

  std::span<const SpanPtr> spans() const { return spans_.view(); }
  bool empty() const { return spans_.empty(); }
  uint64_t start() const { return start_; }
  uint64_t end() const { return end_; }
  uint32_t errors() const { return errors_; }
  bool HasService(const std::string& service) const;

 private:
  // A candidate for the minimum start (or maximum end): its value and the
  // arrival number of its span.
  struct Candidate {
    uint64_t value = 0;
    uint64_t arrival = 0;
  };

  // What the trace filters read comes first, in the entry itself: the queues'
  // fronts copied into start_/end_, so a search over every trace reads one place
  // per trace instead of following the queues to their storage.
  uint64_t start_ = UINT64_MAX;
  uint64_t end_ = 0;
  uint32_t errors_ = 0;
  // service → span count; kept so service filters never look at the spans.
  std::vector<std::pair<std::string, uint32_t>> services_;

  FifoVector<SpanPtr> spans_;
  uint64_t removed_ = 0;  // arrival number of spans_.front()
  // Arrival order, increasing start: every span that is the earliest-starting
  // of all spans that arrived at or after it.
  FifoVector<Candidate> starts_;
  FifoVector<Candidate> ends_;  // the same with decreasing end
};

}  // namespace viewer
