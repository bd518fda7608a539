#include "common/fork_generation.h"

#include <pthread.h>

#include <atomic>

namespace otel::internal {
namespace {

std::atomic<std::uint64_t> g_generation{0};

void on_fork_child() {
  g_generation.fetch_add(1, std::memory_order_relaxed);
}

struct Registration {
  Registration() { pthread_atfork(nullptr, nullptr, &on_fork_child); }
};

}  // namespace

std::uint64_t fork_generation() {
  static const Registration kRegistration;  // registered before the first use
  return g_generation.load(std::memory_order_relaxed);
}

}  // namespace otel::internal
