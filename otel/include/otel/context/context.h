// Context: the immutable bundle of cross-cutting values (active span, baggage, custom
// keys) and the per-thread "current context" with RAII scopes.
//
//   auto scope = otel::Context::current().with_baggage(b).attach();  // until scope ends
//
// Each thread has its own current context (like Python's contextvars per thread); work
// handed to another thread takes a Context copy and attaches it there.
#pragma once

#include <memory>
#include <string_view>

#include "otel/context/baggage.h"
#include "otel/context/span_context.h"

namespace otel {

namespace trace {
class Span;
}

class ContextScope;

// Identity of a custom context value; create once (e.g. a static) and reuse.
class ContextKey {
 public:
  explicit ContextKey(std::string_view name) : name_(name) {}
  ContextKey(const ContextKey&) = delete;
  ContextKey& operator=(const ContextKey&) = delete;
  std::string_view name() const { return name_; }

 private:
  std::string_view name_;
};

class Context {
 public:
  Context() = default;

  // The calling thread's current context (an empty Context if none was attached).
  static const Context& current();

  // The active span, or nullptr. The span's SpanContext: see span_context().
  const std::shared_ptr<trace::Span>& span() const { return span_; }
  // The active span's SpanContext, or SpanContext::invalid() when there is no span.
  const trace::SpanContext& span_context() const;
  const Baggage& baggage() const { return baggage_; }

  Context with_span(std::shared_ptr<trace::Span> span) const&;
  Context with_baggage(Baggage baggage) const&;
  // On a temporary: its members are moved, not copied.
  Context with_span(std::shared_ptr<trace::Span> span) &&;
  Context with_baggage(Baggage baggage) &&;

  // Custom values (instrumentation flags and the like).
  Context with_value(const ContextKey& key, std::shared_ptr<const void> value) const;
  std::shared_ptr<const void> value(const ContextKey& key) const;

  // Makes this context current on the calling thread until the returned scope ends.
  [[nodiscard]] ContextScope attach() const&;
  [[nodiscard]] ContextScope attach() &&;  // moves a temporary in instead of copying it

 private:
  struct ValueNode;
  std::shared_ptr<trace::Span> span_;
  Baggage baggage_;
  std::shared_ptr<const ValueNode> values_;
};

// Restores the previously current context when destroyed. Scopes must end in reverse
// order of creation on the same thread (as `with` blocks do).
class ContextScope {
 public:
  ContextScope(ContextScope&& other) noexcept;
  ContextScope& operator=(ContextScope&&) = delete;
  ContextScope(const ContextScope&) = delete;
  ~ContextScope();

 private:
  friend class Context;
  explicit ContextScope(Context previous) : previous_(std::move(previous)) {}
  Context previous_;
  bool active_ = true;
};

}  // namespace otel
