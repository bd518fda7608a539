// Propagators move a Context across process boundaries through a carrier (HTTP headers).
#pragma once

#include <cstddef>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "otel/context/context.h"

namespace otel::propagation {

// The carrier interface: a string-to-string map seen through get/set/keys.
// Keys are the lower-case header names; get() must match case-insensitively.
class TextMapCarrier {
 public:
  virtual ~TextMapCarrier() = default;
  virtual std::optional<std::string_view> get(std::string_view key) const = 0;
  virtual void set(std::string_view key, std::string_view value) = 0;
  virtual std::vector<std::string> keys() const = 0;
};

// Header names compare case-insensitively (ASCII letters only, as HTTP defines it).
constexpr bool header_names_equal(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] && lower(a[i]) != lower(b[i])) return false;
  return true;
}

// A carrier over any associative container of string keys and values, e.g.
// std::map<std::string, std::string>, std::unordered_map, or cpp-httplib's Headers
// (a case-insensitive std::multimap). set() replaces existing values of the key.
template <class Map>
class HeaderCarrier final : public TextMapCarrier {
 public:
  explicit HeaderCarrier(Map& map) : map_(map) {}
  std::optional<std::string_view> get(std::string_view key) const override {
    for (const auto& [k, v] : map_)
      if (header_names_equal(k, key)) return std::string_view(v);
    return std::nullopt;
  }
  void set(std::string_view key, std::string_view value) override {
    for (auto it = map_.begin(); it != map_.end();)
      it = header_names_equal(it->first, key) ? map_.erase(it) : std::next(it);
    map_.emplace(std::string(key), std::string(value));
  }
  std::vector<std::string> keys() const override {
    std::vector<std::string> out;
    for (const auto& kv : map_) out.push_back(kv.first);
    return out;
  }

 private:
  Map& map_;
};
// Read-only view (extract side) over a const container.
template <class Map>
class ConstHeaderCarrier final : public TextMapCarrier {
 public:
  explicit ConstHeaderCarrier(const Map& map) : map_(map) {}
  std::optional<std::string_view> get(std::string_view key) const override {
    for (const auto& [k, v] : map_)
      if (header_names_equal(k, key)) return std::string_view(v);
    return std::nullopt;
  }
  void set(std::string_view, std::string_view) override {}
  std::vector<std::string> keys() const override {
    std::vector<std::string> out;
    for (const auto& kv : map_) out.push_back(kv.first);
    return out;
  }

 private:
  const Map& map_;
};

class TextMapPropagator {
 public:
  virtual ~TextMapPropagator() = default;
  virtual void inject(const Context& context, TextMapCarrier& carrier) const = 0;
  // Returns `context` plus what the carrier holds; malformed values are ignored.
  virtual Context extract(const TextMapCarrier& carrier, const Context& context) const = 0;
  virtual std::vector<std::string> fields() const = 0;
};

// W3C Trace Context: traceparent + tracestate.
class TraceContextPropagator final : public TextMapPropagator {
 public:
  void inject(const Context& context, TextMapCarrier& carrier) const override;
  Context extract(const TextMapCarrier& carrier, const Context& context) const override;
  std::vector<std::string> fields() const override { return {"traceparent", "tracestate"}; }

  // The traceparent value for a valid span context ("" otherwise).
  static std::string format_traceparent(const trace::SpanContext& span_context);
  // Strict parse; nullopt for anything malformed. The result is marked remote and
  // carries the parsed tracestate (an invalid tracestate is dropped, not fatal).
  static std::optional<trace::SpanContext> parse(std::string_view traceparent,
                                                 std::string_view tracestate = {});
};

// W3C Baggage.
class BaggagePropagator final : public TextMapPropagator {
 public:
  static constexpr std::size_t kMaxMembers = 180;
  static constexpr std::size_t kMaxBytes = 8192;
  void inject(const Context& context, TextMapCarrier& carrier) const override;
  Context extract(const TextMapCarrier& carrier, const Context& context) const override;
  std::vector<std::string> fields() const override { return {"baggage"}; }

  // Parses a baggage header: invalid members are skipped, the rest kept (percent-decoded).
  static Baggage parse(std::string_view header);
  static std::string format(const Baggage& baggage);
};

// Runs several propagators in order.
class CompositePropagator final : public TextMapPropagator {
 public:
  explicit CompositePropagator(std::vector<std::shared_ptr<const TextMapPropagator>> parts)
      : parts_(std::move(parts)) {}
  void inject(const Context& context, TextMapCarrier& carrier) const override;
  Context extract(const TextMapCarrier& carrier, const Context& context) const override;
  std::vector<std::string> fields() const override;

 private:
  std::vector<std::shared_ptr<const TextMapPropagator>> parts_;
};

// The global propagator: until set, the one OTEL_PROPAGATORS names (default
// "tracecontext,baggage"), as the SDK's environment configuration would install (the
// API alone would default to a no-op; this library is API and SDK in one).
std::shared_ptr<const TextMapPropagator> global_propagator();
void set_global_propagator(std::shared_ptr<const TextMapPropagator> propagator);
// From a list like {"tracecontext", "baggage"}; unknown names warn and are skipped,
// "none" gives a no-op propagator.
std::shared_ptr<const TextMapPropagator> propagator_from_names(
    const std::vector<std::string>& names);
std::shared_ptr<const TextMapPropagator> propagator_from_env();

// Shorthands with the global propagator and the current context.
void inject_current(TextMapCarrier& carrier);
Context extract_to_context(const TextMapCarrier& carrier);

}  // namespace otel::propagation
