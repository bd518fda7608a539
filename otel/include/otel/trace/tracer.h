// Tracer: starts spans for one instrumentation scope.
//
//   auto tracer = otel::trace::get_tracer("iss-distance-service");
//   {                                            // Python: with tracer.start_as_current_span("x")
//   as span:
//     auto span = tracer->start_as_current_span("calculating-iss-distance");
//     span->set_attribute("iss.position", "...");
//   }                                            // ended; the previous span is current again
//   auto fetch = tracer->wrap("getting-iss-coordinates", fetch_position);  // decorator form
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "otel/context/context.h"
#include "otel/trace/span.h"

namespace otel::trace {

struct StartSpanOptions {
  SpanKind kind = SpanKind::kInternal;
  Attributes attributes;
  std::vector<SpanLink> links;
  // The parent's context; when unset, the calling thread's current context.
  const Context* parent = nullptr;
  std::uint64_t start_time_unix_nano = 0;  // 0: now
};

// A span that is current for the lifetime of this object and ends with it. When the
// scope is left by an exception, the span's status becomes Error.
class ScopedSpan {
 public:
  explicit ScopedSpan(std::shared_ptr<Span> span);
  ScopedSpan(ScopedSpan&&) noexcept = default;
  ~ScopedSpan();
  ScopedSpan(const ScopedSpan&) = delete;
  ScopedSpan& operator=(const ScopedSpan&) = delete;
  ScopedSpan& operator=(ScopedSpan&&) = delete;

  Span* operator->() const { return span_.get(); }
  Span& operator*() const { return *span_; }
  const std::shared_ptr<Span>& span() const { return span_; }

 private:
  std::shared_ptr<Span> span_;
  ContextScope scope_;
  int uncaught_at_start_;
};

class Tracer : public std::enable_shared_from_this<Tracer> {
 public:
  Tracer(std::shared_ptr<const detail::TracerShared> shared, InstrumentationScope scope);

  // A new span, not made current. End it with span->end().
  std::shared_ptr<Span> start_span(std::string_view name, const StartSpanOptions& options = {});
  // The same, moving the options' attributes into the span instead of copying each one
  // (instrumentation building a dozen attributes per request saves their allocations).
  std::shared_ptr<Span> start_span(std::string_view name, StartSpanOptions&& options);
  std::shared_ptr<Span> start_span(std::string_view name, SpanKind kind) {
    StartSpanOptions options;
    options.kind = kind;
    return start_span(name, options);
  }
  // A new span made current until the returned object is destroyed, then ended.
  [[nodiscard]] ScopedSpan start_as_current_span(std::string_view name,
                                                 const StartSpanOptions& options = {}) {
    return ScopedSpan(start_span(name, options));
  }
  [[nodiscard]] ScopedSpan start_as_current_span(std::string_view name, SpanKind kind) {
    return ScopedSpan(start_span(name, kind));
  }

  // Runs fn(span) inside a current span; an exception is recorded on the span (status
  // Error) and rethrown.
  template <class Fn>
  decltype(auto) with_span(std::string_view name, Fn&& fn, const StartSpanOptions& options = {}) {
    ScopedSpan span = start_as_current_span(name, options);
    try {
      return std::forward<Fn>(fn)(*span);
    } catch (const std::exception& error) {
      span->record_exception(error).set_status(StatusCode::kError, error.what());
      throw;
    } catch (...) {
      span->record_exception("unknown", "non-standard exception")
          .set_status(StatusCode::kError, "non-standard exception");
      throw;
    }
  }

  // The decorator form: a callable that runs `fn` with the same arguments inside a new
  // current span named `name` each time it is called.
  template <class Fn>
  auto wrap(std::string name, Fn fn, SpanKind kind = SpanKind::kInternal) {
    return [tracer = shared_from_this(), name = std::move(name), fn = std::move(fn),
            kind](auto&&... args) mutable -> decltype(auto) {
      StartSpanOptions options;
      options.kind = kind;
      return tracer->with_span(
          name, [&](Span&) -> decltype(auto) { return fn(std::forward<decltype(args)>(args)...); },
          options);
    };
  }

  const InstrumentationScope& scope() const { return scope_; }
  // False for a tracer of a disabled or shut-down provider.
  bool enabled() const;

 private:
  std::shared_ptr<Span> start(std::string_view name, const StartSpanOptions& options,
                              Attributes* movable_attributes);

  std::shared_ptr<const detail::TracerShared> shared_;
  InstrumentationScope scope_;
};

}  // namespace otel::trace
