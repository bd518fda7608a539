// A counter bumped whenever a global provider (tracer, meter, logger) is replaced, so a hot
// path (the HTTP instrumentation, the spdlog sink) can keep what it derived from the global
// providers and check it with one atomic load instead of copying providers under their
// mutexes on every request or log line.
#pragma once

#include <cstdint>

namespace otel::internal {

std::uint64_t global_provider_generation();
// Call after the new provider is in place.
void bump_global_provider_generation();

}  // namespace otel::internal
