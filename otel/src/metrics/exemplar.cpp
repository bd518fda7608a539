// Exemplar filter parsing, reservoir helpers and their OTLP form (see exemplar_reservoir.h).
#include <algorithm>
#include <ctime>
#include <string>

#include "metrics/exemplar_reservoir.h"
#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "otel/exporters/otlp/otlp_proto_common.h"

namespace otel::metrics {

std::optional<ExemplarFilter> parse_exemplar_filter(std::string_view text) {
  const std::string value = env::to_lower(env::trim(text));
  if (value == "trace_based") return ExemplarFilter::kTraceBased;
  if (value == "always_on") return ExemplarFilter::kAlwaysOn;
  if (value == "always_off") return ExemplarFilter::kAlwaysOff;
  return std::nullopt;
}

ExemplarFilter exemplar_filter_from_env() {
  const auto value = env::get_string("OTEL_METRICS_EXEMPLAR_FILTER");
  if (!value) return ExemplarFilter::kTraceBased;
  if (auto filter = parse_exemplar_filter(*value)) return *filter;
  internal::warn("OTEL_METRICS_EXEMPLAR_FILTER='" + *value +
                 "' is not trace_based, always_on or always_off; using trace_based");
  return ExemplarFilter::kTraceBased;
}

}  // namespace otel::metrics

namespace otel::metrics::detail {

std::uint64_t exemplar_now_unix_nano() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME_COARSE, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1000000000ULL +
         static_cast<std::uint64_t>(now.tv_nsec);
}

std::uint64_t ExemplarReservoir::random_below(std::uint64_t bound) {
  // xorshift64* per thread: the sampling only has to be uniform, not unpredictable.
  thread_local std::uint64_t state =
      0x9e3779b97f4a7c15ULL ^ reinterpret_cast<std::uintptr_t>(&state) ^ exemplar_now_unix_nano();
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  const std::uint64_t random = state * 0x2545f4914f6cdd1dULL;
  return random % bound;
}

void merge_exemplars(std::vector<StoredExemplar>& into, std::vector<StoredExemplar>&& fresh) {
  for (auto& exemplar : fresh) {
    auto it = std::find_if(into.begin(), into.end(),
                           [&](const StoredExemplar& e) { return e.cell == exemplar.cell; });
    if (it == into.end()) {
      into.push_back(std::move(exemplar));
    } else if (exemplar.time_unix_nano >= it->time_unix_nano) {
      *it = std::move(exemplar);
    }
  }
}

void write_exemplars(
    const std::vector<StoredExemplar>& exemplars,
    google::protobuf::RepeatedPtrField<opentelemetry::proto::metrics::v1::Exemplar>* out) {
  std::vector<const StoredExemplar*> ordered;
  ordered.reserve(exemplars.size());
  for (const auto& e : exemplars) ordered.push_back(&e);
  std::sort(ordered.begin(), ordered.end(),
            [](const StoredExemplar* a, const StoredExemplar* b) { return a->cell < b->cell; });
  for (const StoredExemplar* e : ordered) {
    auto* exemplar = out->Add();
    exemplar->set_time_unix_nano(e->time_unix_nano);
    if (e->is_int) {
      exemplar->set_as_int(e->int_value);
    } else {
      exemplar->set_as_double(e->double_value);
    }
    if (e->has_span) {
      exemplar->set_trace_id(std::string(e->trace_id.as_string_view()));
      exemplar->set_span_id(std::string(e->span_id.as_string_view()));
    }
    if (!e->filtered_attributes.empty())
      exporters::otlp::to_proto(e->filtered_attributes, exemplar->mutable_filtered_attributes());
  }
}

}  // namespace otel::metrics::detail
