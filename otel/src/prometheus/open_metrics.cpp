#include "prometheus/open_metrics.h"

#include <cstdio>
#include <string_view>

#include "otel/prometheus/text_writer.h"

namespace otel::prometheus {
namespace {

namespace pbm = opentelemetry::proto::metrics::v1;

constexpr std::size_t kMaxExemplarLabelChars = 128;  // OpenMetrics: names and values, in runes

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::size_t runes(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

double value_of(const pbm::Exemplar& e) {
  return e.value_case() == pbm::Exemplar::kAsInt ? static_cast<double>(e.as_int()) : e.as_double();
}

std::string any_value_text(const opentelemetry::proto::common::v1::AnyValue& value) {
  switch (value.value_case()) {
    case opentelemetry::proto::common::v1::AnyValue::kStringValue:
      return value.string_value();
    case opentelemetry::proto::common::v1::AnyValue::kIntValue:
      return std::to_string(value.int_value());
    case opentelemetry::proto::common::v1::AnyValue::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case opentelemetry::proto::common::v1::AnyValue::kDoubleValue:
      return format_value(value.double_value());
    default:
      return "";  // arrays, maps, bytes: not worth a label in 128 characters
  }
}

}  // namespace

std::string open_metrics_exemplar(const ExemplarsProto& exemplars, double lower, double upper) {
  const pbm::Exemplar* latest = nullptr;
  for (const auto& e : exemplars) {
    const double v = value_of(e);
    if (!(v > lower && v <= upper)) continue;
    if (latest == nullptr || e.time_unix_nano() >= latest->time_unix_nano()) latest = &e;
  }
  if (latest == nullptr) return "";
  std::string labels;
  std::size_t used = 0;
  auto add = [&](const std::string& name, const std::string& value) {
    const std::size_t cost = runes(name) + runes(value);
    if (used + cost > kMaxExemplarLabelChars) return;
    used += cost;
    labels += labels.empty() ? "" : ",";
    labels += name + "=\"" + escape_label_value(value) + "\"";
  };
  if (latest->trace_id().size() == 16) add("trace_id", hex(latest->trace_id()));
  if (latest->span_id().size() == 8) add("span_id", hex(latest->span_id()));
  for (const auto& kv : latest->filtered_attributes())
    add(sanitize_label_name(kv.key()), any_value_text(kv.value()));
  std::string out = " # {" + labels + "} " + format_value(value_of(*latest));
  if (latest->time_unix_nano() > 0) {  // seconds, millisecond precision (Prometheus keeps ms)
    char timestamp[32];
    std::snprintf(timestamp, sizeof timestamp, " %llu.%03llu",
                  static_cast<unsigned long long>(latest->time_unix_nano() / 1000000000ULL),
                  static_cast<unsigned long long>(latest->time_unix_nano() / 1000000ULL % 1000));
    out += timestamp;
  }
  return out;
}

std::string open_metrics_counter_family(const std::string& sample_name) {
  constexpr std::string_view kTotal = "_total";
  if (sample_name.size() > kTotal.size() && sample_name.ends_with(kTotal))
    return sample_name.substr(0, sample_name.size() - kTotal.size());
  return sample_name;
}

}  // namespace otel::prometheus
