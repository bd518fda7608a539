#include "otel/prometheus/text_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include "label_set.h"
#include "otel/semconv.h"
#include "prometheus/open_metrics.h"

namespace otel::prometheus {
namespace {

namespace pb = opentelemetry::proto;
using pb::metrics::v1::AggregationTemporality;

bool is_name_char(char c, bool allow_colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (allow_colon && c == ':');
}

std::string sanitize(std::string_view name, bool allow_colon) {
  std::string out;
  out.reserve(name.size() + 1);
  for (char c : name) {
    char mapped = is_name_char(c, allow_colon) ? c : '_';
    if (mapped == '_' && !out.empty() && out.back() == '_') continue;  // collapse runs
    out.push_back(mapped);
  }
  if (out.empty()) return "_";
  if (out.front() >= '0' && out.front() <= '9') out.insert(out.begin(), '_');
  return out;
}

// Tokens of a sanitised name ("http_server_duration" -> {"http","server","duration"}),
// used to avoid "x_seconds_seconds" when the name already says its unit.
bool name_has_token(std::string_view name, std::string_view token) {
  if (token.empty()) return true;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('_', start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == token) return true;
    start = end + 1;
  }
  // Multi-token units ("meters_per_second") are matched as a suffix.
  return name.size() > token.size() && name.ends_with(token) &&
         name[name.size() - token.size() - 1] == '_';
}

std::string_view main_unit_word(std::string_view unit) {
  static const std::map<std::string_view, std::string_view> kWords = {
      {"d", "days"},          {"h", "hours"},         {"min", "minutes"},    {"s", "seconds"},
      {"ms", "milliseconds"}, {"us", "microseconds"}, {"ns", "nanoseconds"}, {"By", "bytes"},
      {"KiBy", "kibibytes"},  {"MiBy", "mebibytes"},  {"GiBy", "gibibytes"}, {"TiBy", "tibibytes"},
      {"KBy", "kilobytes"},   {"MBy", "megabytes"},   {"GBy", "gigabytes"},  {"TBy", "terabytes"},
      {"m", "meters"},        {"V", "volts"},         {"A", "amperes"},      {"J", "joules"},
      {"W", "watts"},         {"g", "grams"},         {"Cel", "celsius"},    {"Hz", "hertz"},
      {"%", "percent"},       {"bit", "bits"},        {"km", "kilometers"}};
  auto it = kWords.find(unit);
  return it == kWords.end() ? unit : it->second;
}

std::string_view per_unit_word(std::string_view unit) {
  static const std::map<std::string_view, std::string_view> kWords = {
      {"s", "second"}, {"m", "minute"}, {"h", "hour"}, {"d", "day"},
      {"w", "week"},   {"mo", "month"}, {"y", "year"}};
  auto it = kWords.find(unit);
  return it == kWords.end() ? unit : it->second;
}

// Removes "{...}" annotations; what remains is the unit proper.
std::string strip_annotations(std::string_view unit) {
  std::string out;
  int depth = 0;
  for (char c : unit) {
    if (c == '{') {
      ++depth;
    } else if (c == '}') {
      if (depth > 0) --depth;
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

std::string any_value_to_string(const pb::common::v1::AnyValue& value);

std::string json_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

// Non-string attribute values become strings per the attribute specification
// (arrays as JSON arrays).
std::string any_value_to_string(const pb::common::v1::AnyValue& value) {
  switch (value.value_case()) {
    case pb::common::v1::AnyValue::kStringValue:
      return value.string_value();
    case pb::common::v1::AnyValue::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case pb::common::v1::AnyValue::kIntValue:
      return std::to_string(value.int_value());
    case pb::common::v1::AnyValue::kDoubleValue:
      return format_value(value.double_value());
    case pb::common::v1::AnyValue::kArrayValue: {
      std::string out = "[";
      for (int i = 0; i < value.array_value().values_size(); ++i) {
        if (i > 0) out += ",";
        const auto& element = value.array_value().values(i);
        out += element.has_string_value() ? json_quote(element.string_value())
                                          : any_value_to_string(element);
      }
      return out + "]";
    }
    case pb::common::v1::AnyValue::kKvlistValue: {
      std::string out = "{";
      for (int i = 0; i < value.kvlist_value().values_size(); ++i) {
        if (i > 0) out += ",";
        const auto& kv = value.kvlist_value().values(i);
        const auto& v = kv.value();
        out += json_quote(kv.key()) + ":" +
               (v.has_string_value() ? json_quote(v.string_value()) : any_value_to_string(v));
      }
      return out + "}";
    }
    case pb::common::v1::AnyValue::kBytesValue:
      return value.bytes_value();
    default:
      return "";
  }
}

LabelSet attributes_to_labels(
    const google::protobuf::RepeatedPtrField<pb::common::v1::KeyValue>& attributes) {
  LabelSet labels;
  for (const auto& kv : attributes) labels.add_attribute(kv.key(), any_value_to_string(kv.value()));
  return labels;
}

std::string find_resource_string(const ResourceMetricsProto& rm, std::string_view key) {
  for (const auto& kv : rm.resource().attributes()) {
    if (kv.key() == key) return any_value_to_string(kv.value());
  }
  return "";
}

// HELP is the description; without one, the original OTel name (promtool and some
// scrapers flag families without help text, and the original name is useful there).
std::string help_text(const MetricProto& metric) {
  return metric.description().empty() ? metric.name() : metric.description();
}

// One family: TYPE/HELP once, then all its sample lines (from every resource/scope).
struct Family {
  std::string type;
  std::string help;
  std::string samples;
};

constexpr double kInf = std::numeric_limits<double>::infinity();

class ExpositionBuilder {
 public:
  explicit ExpositionBuilder(const TextOptions& options) : options_(options) {}

  void add_resource(const ResourceMetricsProto& rm) {
    LabelSet resource_labels;
    if (options_.job_instance_labels) {
      std::string job = find_resource_string(rm, semconv::kServiceName);
      std::string ns = find_resource_string(rm, semconv::kServiceNamespace);
      if (!ns.empty()) job = ns + "/" + job;
      resource_labels.add_reserved("job", job);
      resource_labels.add_reserved("instance",
                                   find_resource_string(rm, semconv::kServiceInstanceId));
    }
    if (options_.target_info && rm.resource().attributes_size() > 0) {
      LabelSet info = attributes_to_labels(rm.resource().attributes());
      info.merge_reserved(resource_labels);
      Family& family = get_family("target_info", "gauge", "Target metadata");
      family.samples += "target_info" + info.format() + " 1\n";
    }
    for (const auto& sm : rm.scope_metrics()) {
      LabelSet scope_labels = resource_labels;
      if (options_.scope_labels) {
        if (!sm.scope().name().empty())
          scope_labels.add_reserved("otel_scope_name", sm.scope().name());
        if (!sm.scope().version().empty())
          scope_labels.add_reserved("otel_scope_version", sm.scope().version());
      }
      for (const auto& metric : sm.metrics()) add_metric(metric, scope_labels);
    }
  }

  std::string finish() const {
    std::string out;
    for (const auto& name : order_) {
      const Family& family = families_.at(name);
      if (family.samples.empty()) continue;
      if (!family.help.empty())  // OpenMetrics escapes '"' in HELP as in label values
        out +=
            "# HELP " + name + " " +
            (options_.open_metrics ? escape_label_value(family.help) : escape_help(family.help)) +
            "\n";
      out += "# TYPE " + name + " " + family.type + "\n";
      out += family.samples;
    }
    if (options_.open_metrics) out += "# EOF\n";
    return out;
  }

 private:
  Family& get_family(const std::string& name, const std::string& type, const std::string& help) {
    auto [it, inserted] = families_.try_emplace(name);
    if (inserted) {
      it->second.type = type;
      it->second.help = help;
      order_.push_back(name);
    }
    return it->second;
  }

  // Null when the name is already taken by a family of another type.
  Family* family_for(const std::string& name, const std::string& type, const std::string& help) {
    Family& family = get_family(name, type, help);
    return family.type == type ? &family : nullptr;
  }

  static double number_value(const pb::metrics::v1::NumberDataPoint& point) {
    return point.value_case() == pb::metrics::v1::NumberDataPoint::kAsInt
               ? static_cast<double>(point.as_int())
               : point.as_double();
  }

  void add_number_points(
      const MetricProto& metric, const std::string& type,
      const google::protobuf::RepeatedPtrField<pb::metrics::v1::NumberDataPoint>& points,
      const LabelSet& scope_labels) {
    const std::string name = family_name(metric, options_);
    const bool open_metrics_counter = options_.open_metrics && type == "counter";
    Family* family = family_for(open_metrics_counter ? open_metrics_counter_family(name) : name,
                                type, help_text(metric));
    if (family == nullptr) return;
    for (const auto& point : points) {
      LabelSet labels = attributes_to_labels(point.attributes());
      labels.merge_reserved(scope_labels);
      family->samples += name + labels.format() + " " + format_value(number_value(point));
      if (open_metrics_counter)
        family->samples += open_metrics_exemplar(point.exemplars(), -kInf, kInf);
      family->samples += "\n";
    }
  }

  void add_histogram(const MetricProto& metric, const LabelSet& scope_labels) {
    const auto& histogram = metric.histogram();
    if (histogram.aggregation_temporality() !=
        AggregationTemporality::AGGREGATION_TEMPORALITY_CUMULATIVE)
      return;
    const std::string name = family_name(metric, options_);
    Family* family = family_for(name, "histogram", help_text(metric));
    if (family == nullptr) return;
    for (const auto& point : histogram.data_points()) {
      LabelSet labels = attributes_to_labels(point.attributes());
      labels.merge_reserved(scope_labels);
      std::uint64_t cumulative = 0;
      for (int i = 0; i < point.bucket_counts_size(); ++i) {
        cumulative += point.bucket_counts(i);
        LabelSet bucket_labels = labels;
        const bool last = i >= point.explicit_bounds_size();
        bucket_labels.add_reserved("le", last ? "+Inf" : format_value(point.explicit_bounds(i)));
        family->samples +=
            name + "_bucket" + bucket_labels.format() + " " + std::to_string(cumulative);
        if (options_.open_metrics) {
          family->samples += open_metrics_exemplar(point.exemplars(),
                                                   i == 0 ? -kInf : point.explicit_bounds(i - 1),
                                                   last ? kInf : point.explicit_bounds(i));
        }
        family->samples += "\n";
      }
      if (point.bucket_counts_size() ==
          point.explicit_bounds_size()) {  // malformed: no +Inf bucket
        LabelSet bucket_labels = labels;
        bucket_labels.add_reserved("le", "+Inf");
        family->samples +=
            name + "_bucket" + bucket_labels.format() + " " + std::to_string(point.count()) + "\n";
      }
      if (point.has_sum())
        family->samples += name + "_sum" + labels.format() + " " + format_value(point.sum()) + "\n";
      family->samples +=
          name + "_count" + labels.format() + " " + std::to_string(point.count()) + "\n";
    }
  }

  void add_summary(const MetricProto& metric, const LabelSet& scope_labels) {
    const std::string name = family_name(metric, options_);
    Family* family = family_for(name, "summary", help_text(metric));
    if (family == nullptr) return;
    for (const auto& point : metric.summary().data_points()) {
      LabelSet labels = attributes_to_labels(point.attributes());
      labels.merge_reserved(scope_labels);
      for (const auto& q : point.quantile_values()) {
        LabelSet quantile_labels = labels;
        quantile_labels.add_reserved("quantile", format_value(q.quantile()));
        family->samples += name + quantile_labels.format() + " " + format_value(q.value()) + "\n";
      }
      family->samples += name + "_sum" + labels.format() + " " + format_value(point.sum()) + "\n";
      family->samples +=
          name + "_count" + labels.format() + " " + std::to_string(point.count()) + "\n";
    }
  }

  void add_metric(const MetricProto& metric, const LabelSet& scope_labels) {
    switch (metric.data_case()) {
      case MetricProto::kGauge:
        add_number_points(metric, "gauge", metric.gauge().data_points(), scope_labels);
        break;
      case MetricProto::kSum: {
        const auto& sum = metric.sum();
        if (sum.aggregation_temporality() !=
            AggregationTemporality::AGGREGATION_TEMPORALITY_CUMULATIVE)
          break;
        add_number_points(metric, sum.is_monotonic() ? "counter" : "gauge", sum.data_points(),
                          scope_labels);
        break;
      }
      case MetricProto::kHistogram:
        add_histogram(metric, scope_labels);
        break;
      case MetricProto::kSummary:
        add_summary(metric, scope_labels);
        break;
      default:  // exponential histograms need native histograms (not in the text format)
        break;
    }
  }

  const TextOptions& options_;
  std::map<std::string, Family> families_;
  std::vector<std::string> order_;
};

}  // namespace

std::string sanitize_metric_name(std::string_view name) {
  return sanitize(name, true);
}
std::string sanitize_label_name(std::string_view name) {
  return sanitize(name, false);
}

std::string unit_word(std::string_view unit, bool is_gauge) {
  std::string proper = strip_annotations(unit);
  if (proper.empty()) return "";
  if (proper == "1") return is_gauge ? "ratio" : "";
  std::string out;
  if (auto slash = proper.find('/'); slash != std::string::npos) {
    std::string_view main = std::string_view(proper).substr(0, slash);
    std::string_view per = std::string_view(proper).substr(slash + 1);
    if (!main.empty()) out = main_unit_word(main);
    if (!per.empty()) out += (out.empty() ? "per_" : "_per_") + std::string(per_unit_word(per));
  } else {
    out = main_unit_word(proper);
  }
  out = sanitize(out, false);
  while (!out.empty() && out.front() == '_') out.erase(out.begin());
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

std::string family_name(const MetricProto& metric, const TextOptions& options) {
  std::string name = sanitize_metric_name(metric.name());
  if (!options.name_suffixes) return name;
  const bool is_gauge = metric.has_gauge() || (metric.has_sum() && !metric.sum().is_monotonic());
  const std::string unit = unit_word(metric.unit(), is_gauge);
  if (!unit.empty() && !name_has_token(name, unit)) name += "_" + unit;
  if (metric.has_sum() && metric.sum().is_monotonic() && !name.ends_with("_total"))
    name += "_total";
  return name;
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return ec == std::errc() ? std::string(buffer, end) : "NaN";
}

std::string write_text(std::span<const ResourceMetricsProto> resources,
                       const TextOptions& options) {
  ExpositionBuilder builder(options);
  for (const auto& rm : resources) builder.add_resource(rm);
  return builder.finish();
}

std::string write_text(const ResourceMetricsProto& resource, const TextOptions& options) {
  return write_text(std::span<const ResourceMetricsProto>(&resource, 1), options);
}

}  // namespace otel::prometheus
