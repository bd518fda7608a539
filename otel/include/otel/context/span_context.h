// Trace and span ids, trace flags, W3C tracestate and the immutable SpanContext.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace otel::trace {

template <std::size_t N>
struct IdBytes {
  std::array<std::uint8_t, N> bytes{};

  // A valid id has at least one non-zero byte.
  bool is_valid() const {
    for (auto b : bytes)
      if (b != 0) return true;
    return false;
  }
  // Lowercase hex, 2*N characters.
  std::string to_hex() const;
  // The same into out[0, 2*N) (no terminator): for callers formatting into a buffer.
  void write_hex(char* out) const;
  // Exactly 2*N hex digits (either case); nullopt otherwise. Does not check validity.
  static std::optional<IdBytes> from_hex(std::string_view hex);
  // From raw bytes (OTLP's bytes fields); nullopt unless exactly N bytes.
  static std::optional<IdBytes> from_bytes(std::string_view raw);
  std::string_view as_string_view() const {
    return {reinterpret_cast<const char*>(bytes.data()), N};
  }
  friend auto operator<=>(const IdBytes&, const IdBytes&) = default;
};
using TraceId = IdBytes<16>;
using SpanId = IdBytes<8>;

class TraceFlags {
 public:
  static constexpr std::uint8_t kSampled = 0x01;
  constexpr TraceFlags() = default;
  constexpr explicit TraceFlags(std::uint8_t value) : value_(value) {}
  constexpr bool sampled() const { return (value_ & kSampled) != 0; }
  constexpr std::uint8_t value() const { return value_; }
  friend constexpr bool operator==(TraceFlags, TraceFlags) = default;

 private:
  std::uint8_t value_ = 0;
};

// W3C tracestate: an ordered list of at most 32 vendor entries. Immutable and cheap to
// copy; modifications return a new TraceState.
class TraceState {
 public:
  using Entry = std::pair<std::string, std::string>;
  static constexpr std::size_t kMaxEntries = 32;

  TraceState() = default;
  // Parses a tracestate header value strictly: any invalid member, a duplicate key or
  // more than 32 members makes the whole header invalid (nullopt). Empty members
  // (",,") are allowed and skipped.
  static std::optional<TraceState> parse(std::string_view header);
  static bool is_valid_key(std::string_view key);
  static bool is_valid_value(std::string_view value);

  std::string to_header() const;
  std::optional<std::string_view> get(std::string_view key) const;
  // Adds or updates `key` and moves it to the front; nullopt when key/value are invalid.
  std::optional<TraceState> set(std::string_view key, std::string_view value) const;
  TraceState remove(std::string_view key) const;
  bool empty() const { return !entries_ || entries_->empty(); }
  std::size_t size() const { return entries_ ? entries_->size() : 0; }
  const std::vector<Entry>& entries() const;
  friend bool operator==(const TraceState& a, const TraceState& b) {
    return a.entries() == b.entries();
  }

 private:
  explicit TraceState(std::shared_ptr<const std::vector<Entry>> e) : entries_(std::move(e)) {}
  std::shared_ptr<const std::vector<Entry>> entries_;
};

// The part of a span that crosses process boundaries.
class SpanContext {
 public:
  SpanContext() = default;
  SpanContext(TraceId trace_id, SpanId span_id, TraceFlags flags, bool is_remote,
              TraceState trace_state = {})
      : trace_id_(trace_id),
        span_id_(span_id),
        flags_(flags),
        remote_(is_remote),
        trace_state_(std::move(trace_state)) {}

  static const SpanContext& invalid();

  const TraceId& trace_id() const { return trace_id_; }
  const SpanId& span_id() const { return span_id_; }
  TraceFlags trace_flags() const { return flags_; }
  const TraceState& trace_state() const { return trace_state_; }
  bool is_remote() const { return remote_; }
  bool is_sampled() const { return flags_.sampled(); }
  bool is_valid() const { return trace_id_.is_valid() && span_id_.is_valid(); }
  friend bool operator==(const SpanContext&, const SpanContext&) = default;

 private:
  TraceId trace_id_;
  SpanId span_id_;
  TraceFlags flags_;
  bool remote_ = false;
  TraceState trace_state_;
};

}  // namespace otel::trace
