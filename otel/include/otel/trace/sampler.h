// Samplers: the built-in ones of the specification and OTEL_TRACES_SAMPLER(_ARG).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "otel/common/attribute_value.h"
#include "otel/context/span_context.h"
#include "otel/trace/span_data.h"

namespace otel::trace {

enum class SamplingDecision { kDrop, kRecordOnly, kRecordAndSample };

struct SamplingResult {
  SamplingDecision decision = SamplingDecision::kDrop;
  Attributes attributes;                  // added to the span
  std::optional<TraceState> trace_state;  // replaces the parent's when set
};

class Sampler {
 public:
  virtual ~Sampler() = default;
  // `parent` is the parent's SpanContext (invalid for a root span).
  virtual SamplingResult should_sample(const SpanContext& parent, const TraceId& trace_id,
                                       std::string_view name, SpanKind kind,
                                       const Attributes& attributes,
                                       const std::vector<SpanLink>& links) const = 0;
  virtual std::string description() const = 0;
};

std::shared_ptr<const Sampler> always_on_sampler();
std::shared_ptr<const Sampler> always_off_sampler();
// Samples a fraction of traces by the trace id (deterministic: every service agrees).
// `ratio` is clamped to [0, 1].
std::shared_ptr<const Sampler> trace_id_ratio_sampler(double ratio);
// Follows the parent's sampled flag; `root` decides for root spans.
std::shared_ptr<const Sampler> parent_based_sampler(
    std::shared_ptr<const Sampler> root,
    std::shared_ptr<const Sampler> remote_parent_sampled = nullptr,
    std::shared_ptr<const Sampler> remote_parent_not_sampled = nullptr,
    std::shared_ptr<const Sampler> local_parent_sampled = nullptr,
    std::shared_ptr<const Sampler> local_parent_not_sampled = nullptr);
// From OTEL_TRACES_SAMPLER (always_on, always_off, traceidratio, parentbased_always_on
// (default), parentbased_always_off, parentbased_traceidratio) and OTEL_TRACES_SAMPLER_ARG
// (the ratio, default 1.0). Unknown names warn and give the default.
std::shared_ptr<const Sampler> sampler_from_env();
std::shared_ptr<const Sampler> sampler_from_name(std::string_view name,
                                                 std::optional<std::string_view> arg);

}  // namespace otel::trace
