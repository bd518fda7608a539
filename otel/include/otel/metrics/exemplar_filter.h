// The exemplar filter (metrics SDK spec): which measurements may become exemplars.
// OTEL_METRICS_EXEMPLAR_FILTER = trace_based (default) | always_on | always_off.
#pragma once

#include <optional>
#include <string_view>

namespace otel::metrics {

enum class ExemplarFilter {
  kTraceBased,  // only measurements made while a sampled span is current
  kAlwaysOn,    // every measurement (with trace/span ids when a valid span is current)
  kAlwaysOff,   // none: the hot path never looks at the context
};

// "trace_based", "always_on", "always_off" (any case, surrounding spaces ignored).
std::optional<ExemplarFilter> parse_exemplar_filter(std::string_view text);
// OTEL_METRICS_EXEMPLAR_FILTER; unset gives trace_based, an unknown value one warning and
// trace_based (the specification's rule for invalid values: warn, use the default).
ExemplarFilter exemplar_filter_from_env();

}  // namespace otel::metrics
