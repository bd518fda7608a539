#include "otel/trace/span.h"

#include <typeinfo>

#include "common/demangle.h"
#include "common/new_key_value.h"
#include "otel/common/time.h"
#include "otel/context/context.h"
#include "otel/semconv.h"
#include "trace/tracer_shared.h"

namespace otel::trace {

const char* to_string(SpanKind kind) {
  switch (kind) {
    case SpanKind::kInternal:
      return "INTERNAL";
    case SpanKind::kServer:
      return "SERVER";
    case SpanKind::kClient:
      return "CLIENT";
    case SpanKind::kProducer:
      return "PRODUCER";
    case SpanKind::kConsumer:
      return "CONSUMER";
  }
  return "INTERNAL";
}

const char* to_string(StatusCode code) {
  switch (code) {
    case StatusCode::kUnset:
      return "UNSET";
    case StatusCode::kOk:
      return "OK";
    case StatusCode::kError:
      return "ERROR";
  }
  return "UNSET";
}

Span::~Span() = default;

// The span's spin lock, held for one recording call and released by the destructor, so
// an exception thrown while recording (bad_alloc adding an attribute) cannot leave the
// span locked. Takes no lock when the span is not recording (no SDK, or ended).
class Span::SpinGuard {
 public:
  explicit SpinGuard(Span& span) noexcept {
    if (span.shared_ == nullptr) return;
    while (span.lock_.test_and_set(std::memory_order_acquire)) {
      // Contention on one span is rare (two threads writing the same span).
    }
    flag_ = &span.lock_;
    if (span.ended_.load(std::memory_order_relaxed)) release();
  }
  ~SpinGuard() { release(); }
  SpinGuard(const SpinGuard&) = delete;
  SpinGuard& operator=(const SpinGuard&) = delete;

  // True when the lock is held: the span records.
  explicit operator bool() const noexcept { return flag_ != nullptr; }

 private:
  void release() noexcept {
    if (flag_ == nullptr) return;
    flag_->clear(std::memory_order_release);
    flag_ = nullptr;
  }
  std::atomic_flag* flag_ = nullptr;
};

void Span::add_attribute_locked(Attributes& attrs, std::uint32_t& dropped, std::size_t count_limit,
                                std::string_view key, AttributeValue&& value) {
  if (key.empty()) return;
  if (shared_->limits.attribute_value_length_limit != static_cast<std::size_t>(-1))
    truncate_value(value, shared_->limits.attribute_value_length_limit);
  for (auto& kv : attrs) {
    if (kv.key == key) {
      kv.value = std::move(value);
      return;
    }
  }
  if (attrs.size() >= count_limit) {
    ++dropped;
    return;
  }
  if (attrs.capacity() == 0) attrs.reserve(8);  // one allocation for the common case
  attrs.emplace_back(internal::NewKeyValue<AttributeValue>(key, std::move(value)));
}

Span& Span::set_attribute(std::string_view key, AttributeValue value) {
  SpinGuard guard(*this);
  if (!guard) return *this;
  add_attribute_locked(data_.attributes, data_.dropped_attributes_count,
                       shared_->limits.attribute_count_limit, key, std::move(value));
  return *this;
}

Span& Span::set_attributes(const Attributes& attributes) {
  if (attributes.empty()) return *this;
  SpinGuard guard(*this);
  if (!guard) return *this;
  for (const auto& kv : attributes) {
    AttributeValue copy = kv.value;
    add_attribute_locked(data_.attributes, data_.dropped_attributes_count,
                         shared_->limits.attribute_count_limit, kv.key, std::move(copy));
  }
  return *this;
}

Span& Span::add_event(std::string_view name, Attributes attributes, std::uint64_t time_unix_nano) {
  SpinGuard guard(*this);
  if (!guard) return *this;
  if (data_.events.size() >= shared_->limits.event_count_limit) {
    ++data_.dropped_events_count;
  } else {
    SpanEvent event;
    event.name = std::string(name);
    make_valid_utf8(event.name);
    event.time_unix_nano = time_unix_nano != 0 ? time_unix_nano : now_unix_nano();
    for (auto& kv : attributes)
      add_attribute_locked(event.attributes, event.dropped_attributes_count,
                           shared_->limits.attribute_per_event_limit, kv.key, std::move(kv.value));
    data_.events.push_back(std::move(event));
  }
  return *this;
}

Span& Span::add_link(const SpanContext& context, Attributes attributes) {
  if (!context.is_valid()) return *this;
  SpinGuard guard(*this);
  if (!guard) return *this;
  if (data_.links.size() >= shared_->limits.link_count_limit) {
    ++data_.dropped_links_count;
  } else {
    SpanLink link;
    link.context = context;
    for (auto& kv : attributes)
      add_attribute_locked(link.attributes, link.dropped_attributes_count,
                           shared_->limits.attribute_per_link_limit, kv.key, std::move(kv.value));
    data_.links.push_back(std::move(link));
  }
  return *this;
}

Span& Span::record_exception(const std::exception& error, Attributes attributes) {
  if (!is_recording()) return *this;  // demangling allocates: only for a recording span
  return record_exception(internal::demangled_name(typeid(error)), error.what(),
                          std::move(attributes));
}

Span& Span::record_exception(std::string_view type, std::string_view message,
                             Attributes attributes) {
  if (!is_recording()) return *this;
  Attributes event_attributes;
  event_attributes.reserve(attributes.size() + 2);
  event_attributes.push_back(KeyValue{semconv::kExceptionType, AttributeValue(type)});
  event_attributes.push_back(KeyValue{semconv::kExceptionMessage, AttributeValue(message)});
  for (auto& kv : attributes) otel::set_attribute(event_attributes, kv.key, std::move(kv.value));
  return add_event("exception", std::move(event_attributes));
}

Span& Span::set_status(StatusCode code, std::string_view description) {
  SpinGuard guard(*this);
  if (!guard) return *this;
  // Ok is final; Unset never overrides anything.
  if (data_.status_code != StatusCode::kOk && code != StatusCode::kUnset) {
    data_.status_code = code;
    data_.status_message = code == StatusCode::kError ? std::string(description) : std::string();
    make_valid_utf8(data_.status_message);
  }
  return *this;
}

Span& Span::update_name(std::string_view name) {
  SpinGuard guard(*this);
  if (!guard) return *this;
  data_.name = std::string(name);
  make_valid_utf8(data_.name);
  return *this;
}

void Span::end(std::uint64_t end_time_unix_nano) {
  {
    SpinGuard guard(*this);
    if (!guard) return;
    data_.end_time_unix_nano = end_time_unix_nano != 0 ? end_time_unix_nano : now_unix_nano();
    ended_.store(true, std::memory_order_release);
  }  // released before the processors run: they may read the span
  const auto& processors = shared_->processors;
  if (processors.empty()) return;
  std::shared_ptr<const SpanData> view(shared_from_this(), &data_);
  for (std::size_t i = 0; i + 1 < processors.size(); ++i) processors[i]->on_end(view);
  processors.back()->on_end(std::move(view));
}

const std::shared_ptr<Span>& Span::invalid() {
  // Leaked on purpose: usable during static destruction.
  static const auto* invalid = new std::shared_ptr<Span>(std::make_shared<Span>(SpanContext()));
  return *invalid;
}

const std::shared_ptr<Span>& current_span() {
  const auto& span = Context::current().span();
  return span ? span : Span::invalid();
}

}  // namespace otel::trace
