#include "trace_entry.h"

namespace viewer {

void TraceEntry::Add(const SpanPtr& span) {
  const uint64_t arrival = removed_ + spans_.size();
  spans_.push_back(span);
  // A span that starts no later than the last candidates outlives them (it is
  // evicted after them), so they can never be the minimum again.
  while (!starts_.empty() && starts_.back().value >= span->start_time_unix_nano) starts_.pop_back();
  starts_.push_back({span->start_time_unix_nano, arrival});
  while (!ends_.empty() && ends_.back().value <= span->end_time_unix_nano) ends_.pop_back();
  ends_.push_back({span->end_time_unix_nano, arrival});
  start_ = starts_.front().value;
  end_ = ends_.front().value;
  if (span->IsError()) ++errors_;
  for (auto& [name, count] : services_) {
    if (name == span->service()) {
      ++count;
      return;
    }
  }
  services_.emplace_back(span->service(), 1);
}

void TraceEntry::RemoveOldest() {
  if (spans_.empty()) return;
  const SpanPtr span = spans_.front();
  spans_.pop_front();
  if (starts_.front().arrival == removed_) starts_.pop_front();
  if (ends_.front().arrival == removed_) ends_.pop_front();
  ++removed_;
  start_ = starts_.empty() ? UINT64_MAX : starts_.front().value;
  end_ = ends_.empty() ? 0 : ends_.front().value;
  if (span->IsError()) --errors_;
  for (auto it = services_.begin(); it != services_.end(); ++it) {
    if (it->first == span->service()) {
      if (--it->second == 0) services_.erase(it);
      break;
    }
  }
}

bool TraceEntry::HasService(const std::string& service) const {
  for (const auto& [name, count] : services_)
    if (name == service) return true;
  return false;
}

}  // namespace viewer
