// libFuzzer target: the W3C traceparent, tracestate and baggage parsers must never crash
// and what they accept must survive a format/parse round trip unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "otel/propagation/text_map.h"

using otel::propagation::BaggagePropagator;
using otel::propagation::TraceContextPropagator;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // Three fields separated by newlines: traceparent, tracestate, baggage.
  const auto first = input.find('\n');
  const auto traceparent = input.substr(0, first);
  const auto rest = first == std::string_view::npos ? std::string_view() : input.substr(first + 1);
  const auto second = rest.find('\n');
  const auto tracestate = rest.substr(0, second);
  const auto baggage =
      second == std::string_view::npos ? std::string_view() : rest.substr(second + 1);

  if (auto sc = TraceContextPropagator::parse(traceparent, tracestate)) {
    if (!sc->is_valid()) std::abort();
    const auto again = TraceContextPropagator::parse(
        TraceContextPropagator::format_traceparent(*sc), sc->trace_state().to_header());
    if (!again || again->trace_id() != sc->trace_id() || again->span_id() != sc->span_id() ||
        again->trace_flags() != sc->trace_flags() || !(again->trace_state() == sc->trace_state()))
      std::abort();
  }
  if (auto ts = otel::trace::TraceState::parse(tracestate)) {
    if (ts->size() > otel::trace::TraceState::kMaxEntries) std::abort();
    auto again = otel::trace::TraceState::parse(ts->to_header());
    if (!again || !(*again == *ts)) std::abort();
  }
  const auto parsed = BaggagePropagator::parse(baggage);
  if (parsed.size() > BaggagePropagator::kMaxMembers) std::abort();
  const auto reparsed = BaggagePropagator::parse(BaggagePropagator::format(parsed));
  for (const auto& entry : parsed.entries()) {
    const auto value = reparsed.get(entry.key);
    if (!value || *value != entry.value) std::abort();
  }
  return 0;
}
