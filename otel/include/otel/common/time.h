// Clocks used for telemetry timestamps.
#pragma once

#include <chrono>
#include <cstdint>

namespace otel {

// Wall-clock time in nanoseconds since the Unix epoch (OTLP's time_unix_nano).
inline std::uint64_t now_unix_nano() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace otel
