#include "otel/trace/tracer.h"

#include <cstring>

#include "otel/common/time.h"
#include "trace/tracer_shared.h"

namespace otel::trace {

ScopedSpan::ScopedSpan(std::shared_ptr<Span> span)
    : span_(std::move(span)),
      scope_(Context::current().with_span(span_).attach()),
      uncaught_at_start_(std::uncaught_exceptions()) {}

ScopedSpan::~ScopedSpan() {
  if (!span_) return;
  if (std::uncaught_exceptions() > uncaught_at_start_)
    span_->set_status(StatusCode::kError, "exception");
  span_->end();
}

Tracer::Tracer(std::shared_ptr<const detail::TracerShared> shared, InstrumentationScope scope)
    : shared_(std::move(shared)), scope_(std::move(scope)) {}

bool Tracer::enabled() const {
  return !shared_->noop && !shared_->shut_down.load(std::memory_order_relaxed);
}

namespace {

// Which of 64 bits stands for `key` in adoptable()'s duplicate filter: its first and last
// eight bytes and its length, mixed (distinct keys rarely share a bit).
unsigned key_bit(const std::string& key) {
  std::uint64_t word = key.size();
  if (key.size() >= 8) {
    std::uint64_t head;
    std::uint64_t tail;
    std::memcpy(&head, key.data(), 8);
    std::memcpy(&tail, key.data() + key.size() - 8, 8);
    word ^= head ^ (tail << 1);
  } else if (!key.empty()) {
    word ^= std::uint64_t{static_cast<unsigned char>(key.front())} << 8 |
            std::uint64_t{static_cast<unsigned char>(key.back())} << 16;
  }
  return static_cast<unsigned>((word * 0x9E3779B97F4A7C15ULL) >> 58);
}

// Whether start attributes can become the span's attributes as they are: what
// Span::set_attribute would keep anyway (non-empty unique keys, within the count limit).
bool adoptable(const Attributes& attributes, const SpanLimits& limits) {
  if (attributes.size() > limits.attribute_count_limit) return false;
  // Only a key whose bit was seen before is compared with the earlier keys: start
  // attributes are a dozen distinct keys, so this is mostly one pass instead of n^2/2
  // string comparisons.
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    const std::string& key = attributes[i].key;
    if (key.empty()) return false;
    const std::uint64_t bit = std::uint64_t{1} << key_bit(key);
    if ((seen & bit) != 0) {
      for (std::size_t j = 0; j < i; ++j)
        if (attributes[j].key == key) return false;
    }
    seen |= bit;
  }
  return true;
}

}  // namespace

std::shared_ptr<Span> Tracer::start_span(std::string_view name, const StartSpanOptions& options) {
  return start(name, options, nullptr);
}

std::shared_ptr<Span> Tracer::start_span(std::string_view name, StartSpanOptions&& options) {
  return start(name, options, &options.attributes);
}

std::shared_ptr<Span> Tracer::start(std::string_view name, const StartSpanOptions& options,
                                    Attributes* movable_attributes) {
  const Context& parent_context = options.parent != nullptr ? *options.parent : Context::current();
  const SpanContext& parent = parent_context.span_context();
  if (!enabled()) {
    // The API without an SDK: a non-recording span that carries the parent's context,
    // so propagation still works through a service with telemetry disabled.
    if (parent.is_valid()) return std::make_shared<Span>(parent);
    return Span::invalid();
  }
  const bool has_parent = parent.is_valid();
  const TraceId trace_id = has_parent ? parent.trace_id() : shared_->ids->generate_trace_id();
  const SpanId span_id = shared_->ids->generate_span_id();
  SamplingResult sampling = shared_->sampler->should_sample(parent, trace_id, name, options.kind,
                                                            options.attributes, options.links);
  const bool sampled = sampling.decision == SamplingDecision::kRecordAndSample;
  SpanContext context(
      trace_id, span_id, TraceFlags(sampled ? TraceFlags::kSampled : 0), false,
      // Both branches prvalues, so the sampler's trace state is moved, not copied.
      sampling.trace_state ? std::move(*sampling.trace_state) : TraceState(parent.trace_state()));
  if (sampling.decision == SamplingDecision::kDrop) return std::make_shared<Span>(context);

  auto span = std::make_shared<Span>(Span::StartKey(), shared_);
  SpanData& data = span->data_;  // not shared with anyone yet: no lock needed
  data.context = std::move(context);
  if (has_parent) {
    data.parent_span_id = parent.span_id();
    data.parent_is_remote = parent.is_remote();
  }
  data.name.assign(name);
  make_valid_utf8(data.name);  // names, like attribute values, must be valid UTF-8
  data.kind = options.kind;
  data.start_time_unix_nano =
      options.start_time_unix_nano != 0 ? options.start_time_unix_nano : now_unix_nano();
  data.resource = &shared_->resource;
  data.scope = &scope_;
  const bool adopt =
      movable_attributes != nullptr && adoptable(*movable_attributes, shared_->limits);
  if (adopt) {
    data.attributes = std::move(*movable_attributes);
    if (shared_->limits.attribute_value_length_limit != static_cast<std::size_t>(-1))
      for (auto& kv : data.attributes)
        truncate_value(kv.value, shared_->limits.attribute_value_length_limit);
  }
  if (!adopt) span->set_attributes(options.attributes);
  if (!sampling.attributes.empty()) span->set_attributes(sampling.attributes);
  for (const auto& link : options.links) span->add_link(link.context, link.attributes);
  for (const auto& processor : shared_->processors) processor->on_start(*span, parent_context);
  return span;
}

}  // namespace otel::trace
