#include "common/provider_generation.h"

#include <atomic>

namespace otel::internal {
namespace {
std::atomic<std::uint64_t> g_generation{1};
}  // namespace

std::uint64_t global_provider_generation() {
  return g_generation.load(std::memory_order_acquire);
}

void bump_global_provider_generation() {
  g_generation.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace otel::internal
