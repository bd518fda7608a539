#include "otel/context/context.h"

#include "otel/trace/span.h"

namespace otel {

struct Context::ValueNode {
  const ContextKey* key;
  std::shared_ptr<const void> value;
  std::shared_ptr<const ValueNode> next;
};

namespace {
thread_local Context tls_current;
}

const Context& Context::current() {
  return tls_current;
}

const trace::SpanContext& Context::span_context() const {
  return span_ ? span_->span_context() : trace::SpanContext::invalid();
}

Context Context::with_span(std::shared_ptr<trace::Span> span) const& {
  Context out = *this;
  out.span_ = std::move(span);
  return out;
}

Context Context::with_span(std::shared_ptr<trace::Span> span) && {
  Context out = std::move(*this);
  out.span_ = std::move(span);
  return out;
}

Context Context::with_baggage(Baggage baggage) const& {
  Context out = *this;
  out.baggage_ = std::move(baggage);
  return out;
}

Context Context::with_baggage(Baggage baggage) && {
  Context out = std::move(*this);
  out.baggage_ = std::move(baggage);
  return out;
}

Context Context::with_value(const ContextKey& key, std::shared_ptr<const void> value) const {
  Context out = *this;
  out.values_ = std::make_shared<const ValueNode>(ValueNode{&key, std::move(value), values_});
  return out;
}

std::shared_ptr<const void> Context::value(const ContextKey& key) const {
  for (const ValueNode* node = values_.get(); node != nullptr; node = node->next.get())
    if (node->key == &key) return node->value;
  return nullptr;
}

ContextScope Context::attach() const& {
  Context next = *this;  // *this may be tls_current itself
  ContextScope scope(std::move(tls_current));
  tls_current = std::move(next);
  return scope;
}

ContextScope Context::attach() && {
  // A temporary is never tls_current (current() hands out a const reference).
  ContextScope scope(std::move(tls_current));
  tls_current = std::move(*this);
  return scope;
}

ContextScope::ContextScope(ContextScope&& other) noexcept
    : previous_(std::move(other.previous_)), active_(other.active_) {
  other.active_ = false;
}

ContextScope::~ContextScope() {
  if (active_) tls_current = std::move(previous_);
}

}  // namespace otel
