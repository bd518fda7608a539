// Names the calling thread (Linux: at most 15 characters, longer names are cut), so the
// SDK's background threads show as otel-spans / otel-logs / otel-metrics in top -H,
// ps -L, perf and gdb, and their CPU can be told apart from the service's own.
#pragma once

#include <pthread.h>

#include <string_view>

namespace otel::internal {

inline void name_this_thread(std::string_view name) {
  char buffer[16] = {};
  name.copy(buffer, sizeof buffer - 1);
  pthread_setname_np(pthread_self(), buffer);  // best effort: a failure changes nothing
}

}  // namespace otel::internal
