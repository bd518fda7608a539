// One timeout shared by several calls made in turn: how every provider flushes and shuts
// down its processors or readers, and how SdkHandle does the same for its signals.
#pragma once

#include <algorithm>
#include <chrono>

namespace otel::internal {

// Calls `call(item, time_left)` for each item in order, within one `timeout` in all: each
// call gets what the earlier ones left (zero once it is spent, never negative), and every
// item is called even after a failure. True when every call returned true.
template <class Items, class Call>
bool call_each_within(const Items& items, std::chrono::milliseconds timeout, Call call) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point now = Clock::now();
  // milliseconds::max() means "no limit": now + max would overflow.
  const Clock::time_point deadline =
      timeout >=
              std::chrono::duration_cast<std::chrono::milliseconds>(Clock::time_point::max() - now)
          ? Clock::time_point::max()
          : now + timeout;
  bool ok = true;
  for (const auto& item : items) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    ok = call(*item, std::max(left, std::chrono::milliseconds(0))) && ok;
  }
  return ok;
}

}  // namespace otel::internal
