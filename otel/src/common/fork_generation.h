// A counter bumped in every forked child (pthread_atfork), so per-process state (random
// generators, worker threads, connections) notices a fork with one relaxed atomic load.
#pragma once

#include <cstdint>

namespace otel::internal {

std::uint64_t fork_generation();

}  // namespace otel::internal
