// Trace and span id generation: a per-thread xoshiro256** generator, seeded from the OS
// and re-seeded in a forked child (so parent and child never produce the same ids).
#pragma once

#include <memory>

#include "otel/context/span_context.h"

namespace otel::trace {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  virtual TraceId generate_trace_id() = 0;
  virtual SpanId generate_span_id() = 0;
};

// The default generator (shared, thread-safe, lock-free).
std::shared_ptr<IdGenerator> random_id_generator();

}  // namespace otel::trace
