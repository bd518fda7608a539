// What a TracerProvider shares with its tracers and spans (kept alive by all of them).
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "otel/resource/resource.h"
#include "otel/trace/id_generator.h"
#include "otel/trace/sampler.h"
#include "otel/trace/span_limits.h"
#include "otel/trace/span_processor.h"

namespace otel::trace::detail {

struct TracerShared {
  Resource resource;
  std::shared_ptr<const Sampler> sampler;
  SpanLimits limits;
  std::shared_ptr<IdGenerator> ids;
  std::vector<std::unique_ptr<SpanProcessor>> processors;
  bool noop = false;
  std::atomic<bool> shut_down{false};
};

}  // namespace otel::trace::detail
