#include "otel/trace/span_limits.h"

#include "otel/common/env.h"

namespace otel::trace {
namespace {
void read_limit(std::size_t& target, const char* name, const char* general = nullptr) {
  auto value = env::get_int(name);
  if (!value && general != nullptr) value = env::get_int(general);
  if (value && *value >= 0) target = static_cast<std::size_t>(*value);
}
}  // namespace

SpanLimits SpanLimits::from_env() {
  SpanLimits limits;
  read_limit(limits.attribute_count_limit, "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
             "OTEL_ATTRIBUTE_COUNT_LIMIT");
  read_limit(limits.attribute_value_length_limit, "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
             "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT");
  read_limit(limits.event_count_limit, "OTEL_SPAN_EVENT_COUNT_LIMIT");
  read_limit(limits.link_count_limit, "OTEL_SPAN_LINK_COUNT_LIMIT");
  read_limit(limits.attribute_per_event_limit, "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT");
  read_limit(limits.attribute_per_link_limit, "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT");
  return limits;
}

}  // namespace otel::trace
