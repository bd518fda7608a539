// Span limits (the specification's defaults: 128 of everything, no value-length limit).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

namespace otel::trace {

struct SpanLimits {
  std::size_t attribute_count_limit = 128;
  std::size_t attribute_value_length_limit = std::numeric_limits<std::size_t>::max();
  std::size_t event_count_limit = 128;
  std::size_t link_count_limit = 128;
  std::size_t attribute_per_event_limit = 128;
  std::size_t attribute_per_link_limit = 128;

  // OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT (else OTEL_ATTRIBUTE_COUNT_LIMIT),
  // OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT (else OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT),
  // OTEL_SPAN_EVENT_COUNT_LIMIT, OTEL_SPAN_LINK_COUNT_LIMIT,
  // OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT, OTEL_LINK_ATTRIBUTE_COUNT_LIMIT.
  static SpanLimits from_env();
};

}  // namespace otel::trace
