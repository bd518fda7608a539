#include "common/trace_context.h"

#include <mutex>

namespace common {
namespace {
std::mutex provider_mutex;
TraceIdProvider& Provider() {
  static TraceIdProvider provider;
  return provider;
}
}  // namespace

void SetTraceIdProvider(TraceIdProvider provider) {
  std::lock_guard lock(provider_mutex);
  Provider() = std::move(provider);
}

std::optional<std::string> CurrentTraceId() {
  TraceIdProvider provider;
  {
    std::lock_guard lock(provider_mutex);
    provider = Provider();
  }
  if (!provider) return std::nullopt;
  return provider();
}

}  // namespace common
