// Span: one operation of a trace. Thread-safe; every method is a no-op on a span that
// is not recording or has ended. Obtained from a Tracer as std::shared_ptr<Span>.
#pragma once

#include <atomic>
#include <exception>
#include <memory>
#include <string_view>

#include "otel/trace/span_data.h"

namespace otel::trace {

namespace detail {
struct TracerShared;
}
class Tracer;

class Span : public std::enable_shared_from_this<Span> {
 public:
  // A non-recording span that only carries a SpanContext (sampled-out spans, spans of a
  // disabled SDK, a remote parent wrapped for the context).
  explicit Span(SpanContext context) { data_.context = std::move(context); }
  // A recording span. Only a Tracer can make one (use Tracer::start_span): it writes the
  // span's data in place and calls the processors.
  class StartKey {
    friend class Tracer;
    StartKey() = default;
  };
  Span(StartKey, std::shared_ptr<const detail::TracerShared> shared) : shared_(std::move(shared)) {}
  ~Span();
  Span(const Span&) = delete;
  Span& operator=(const Span&) = delete;

  const SpanContext& span_context() const { return data_.context; }
  bool is_recording() const {
    return shared_ != nullptr && !ended_.load(std::memory_order_acquire);
  }
  bool has_ended() const { return ended_.load(std::memory_order_acquire); }

  Span& set_attribute(std::string_view key, AttributeValue value);
  Span& set_attributes(const Attributes& attributes);
  Span& add_event(std::string_view name, Attributes attributes = {},
                  std::uint64_t time_unix_nano = 0);
  Span& add_link(const SpanContext& context, Attributes attributes = {});
  // An "exception" event with exception.type/message (and `attributes`).
  Span& record_exception(const std::exception& error, Attributes attributes = {});
  Span& record_exception(std::string_view type, std::string_view message,
                         Attributes attributes = {});
  // Unset < Error < Ok: Ok is final, a description is kept only with Error.
  Span& set_status(StatusCode code, std::string_view description = {});
  Span& update_name(std::string_view name);
  // Ends the span (once; later calls are ignored) and hands it to the processors.
  void end(std::uint64_t end_time_unix_nano = 0);

  // The recorded data. Read it from another thread only after end().
  const SpanData& data() const { return data_; }

  // The invalid, non-recording span returned when no span is current.
  static const std::shared_ptr<Span>& invalid();

 private:
  friend class Tracer;
  class SpinGuard;  // holds lock_ for one recording call (span.cpp)
  void add_attribute_locked(Attributes& attrs, std::uint32_t& dropped, std::size_t count_limit,
                            std::string_view key, AttributeValue&& value);

  SpanData data_;
  std::shared_ptr<const detail::TracerShared> shared_;
  std::atomic<bool> ended_{false};
  std::atomic_flag lock_ = ATOMIC_FLAG_INIT;
};

// The span of the calling thread's current context (Span::invalid() when none).
const std::shared_ptr<Span>& current_span();

}  // namespace otel::trace
