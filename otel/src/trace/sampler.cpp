#include "otel/trace/sampler.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "otel/common/env.h"
#include "otel/common/internal_log.h"

namespace otel::trace {
namespace {

class AlwaysOn final : public Sampler {
 public:
  SamplingResult should_sample(const SpanContext&, const TraceId&, std::string_view, SpanKind,
                               const Attributes&, const std::vector<SpanLink>&) const override {
    return {SamplingDecision::kRecordAndSample, {}, std::nullopt};
  }
  std::string description() const override { return "AlwaysOnSampler"; }
};

class AlwaysOff final : public Sampler {
 public:
  SamplingResult should_sample(const SpanContext&, const TraceId&, std::string_view, SpanKind,
                               const Attributes&, const std::vector<SpanLink>&) const override {
    return {SamplingDecision::kDrop, {}, std::nullopt};
  }
  std::string description() const override { return "AlwaysOffSampler"; }
};

class TraceIdRatio final : public Sampler {
 public:
  explicit TraceIdRatio(double ratio) : ratio_(std::clamp(ratio, 0.0, 1.0)) {
    // Compare the trace id's low 63 bits against ratio * 2^63 (as other SDKs do, so a
    // trace is sampled alike everywhere with the same ratio).
    bound_ =
        ratio_ >= 1.0 ? UINT64_MAX : static_cast<std::uint64_t>(ratio_ * 9223372036854775808.0);
  }
  SamplingResult should_sample(const SpanContext&, const TraceId& trace_id, std::string_view,
                               SpanKind, const Attributes&,
                               const std::vector<SpanLink>&) const override {
    std::uint64_t low = 0;
    for (int i = 8; i < 16; ++i) low = (low << 8) | trace_id.bytes[i];
    low &= 0x7FFFFFFFFFFFFFFFULL;
    const bool sampled = ratio_ >= 1.0 || low < bound_;
    return {
        sampled ? SamplingDecision::kRecordAndSample : SamplingDecision::kDrop, {}, std::nullopt};
  }
  std::string description() const override {
    char buf[64];
    std::snprintf(buf, sizeof buf, "TraceIdRatioBased{%f}", ratio_);
    return buf;
  }

 private:
  double ratio_;
  std::uint64_t bound_;
};

class ParentBased final : public Sampler {
 public:
  ParentBased(std::shared_ptr<const Sampler> root, std::shared_ptr<const Sampler> remote_sampled,
              std::shared_ptr<const Sampler> remote_not_sampled,
              std::shared_ptr<const Sampler> local_sampled,
              std::shared_ptr<const Sampler> local_not_sampled)
      : root_(std::move(root)),
        remote_sampled_(remote_sampled ? std::move(remote_sampled) : always_on_sampler()),
        remote_not_sampled_(remote_not_sampled ? std::move(remote_not_sampled)
                                               : always_off_sampler()),
        local_sampled_(local_sampled ? std::move(local_sampled) : always_on_sampler()),
        local_not_sampled_(local_not_sampled ? std::move(local_not_sampled)
                                             : always_off_sampler()) {}

  SamplingResult should_sample(const SpanContext& parent, const TraceId& trace_id,
                               std::string_view name, SpanKind kind, const Attributes& attributes,
                               const std::vector<SpanLink>& links) const override {
    const Sampler* delegate = root_.get();
    if (parent.is_valid()) {
      if (parent.is_remote())
        delegate = parent.is_sampled() ? remote_sampled_.get() : remote_not_sampled_.get();
      else
        delegate = parent.is_sampled() ? local_sampled_.get() : local_not_sampled_.get();
    }
    return delegate->should_sample(parent, trace_id, name, kind, attributes, links);
  }
  std::string description() const override {
    return "ParentBased{root:" + root_->description() +
           ",remoteParentSampled:" + remote_sampled_->description() +
           ",remoteParentNotSampled:" + remote_not_sampled_->description() +
           ",localParentSampled:" + local_sampled_->description() +
           ",localParentNotSampled:" + local_not_sampled_->description() + "}";
  }

 private:
  std::shared_ptr<const Sampler> root_, remote_sampled_, remote_not_sampled_, local_sampled_,
      local_not_sampled_;
};

double ratio_from_arg(std::optional<std::string_view> arg) {
  if (!arg) return 1.0;
  const std::string text(env::trim(*arg));
  char* end = nullptr;
  const double ratio = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(ratio >= 0.0 && ratio <= 1.0)) {
    internal::warn("OTEL_TRACES_SAMPLER_ARG='" + text + "' is not a ratio in [0, 1]; using 1.0");
    return 1.0;
  }
  return ratio;
}

}  // namespace

std::shared_ptr<const Sampler> always_on_sampler() {
  static const auto kSampler = std::make_shared<const AlwaysOn>();
  return kSampler;
}
std::shared_ptr<const Sampler> always_off_sampler() {
  static const auto kSampler = std::make_shared<const AlwaysOff>();
  return kSampler;
}
std::shared_ptr<const Sampler> trace_id_ratio_sampler(double ratio) {
  return std::make_shared<const TraceIdRatio>(ratio);
}
std::shared_ptr<const Sampler> parent_based_sampler(
    std::shared_ptr<const Sampler> root, std::shared_ptr<const Sampler> remote_parent_sampled,
    std::shared_ptr<const Sampler> remote_parent_not_sampled,
    std::shared_ptr<const Sampler> local_parent_sampled,
    std::shared_ptr<const Sampler> local_parent_not_sampled) {
  return std::make_shared<const ParentBased>(
      root ? std::move(root) : always_on_sampler(), std::move(remote_parent_sampled),
      std::move(remote_parent_not_sampled), std::move(local_parent_sampled),
      std::move(local_parent_not_sampled));
}

std::shared_ptr<const Sampler> sampler_from_name(std::string_view name,
                                                 std::optional<std::string_view> arg) {
  const std::string lower = env::to_lower(env::trim(name));
  if (lower == "always_on") return always_on_sampler();
  if (lower == "always_off") return always_off_sampler();
  if (lower == "traceidratio") return trace_id_ratio_sampler(ratio_from_arg(arg));
  if (lower == "parentbased_always_on") return parent_based_sampler(always_on_sampler());
  if (lower == "parentbased_always_off") return parent_based_sampler(always_off_sampler());
  if (lower == "parentbased_traceidratio")
    return parent_based_sampler(trace_id_ratio_sampler(ratio_from_arg(arg)));
  internal::warn("unknown sampler '" + std::string(name) + "'; using parentbased_always_on");
  return parent_based_sampler(always_on_sampler());
}

std::shared_ptr<const Sampler> sampler_from_env() {
  const auto name = env::get_string("OTEL_TRACES_SAMPLER");
  const auto arg = env::get_string("OTEL_TRACES_SAMPLER_ARG");
  if (!name) return parent_based_sampler(always_on_sampler());
  return sampler_from_name(*name, arg ? std::optional<std::string_view>(*arg) : std::nullopt);
}

}  // namespace otel::trace
