#include "otlp_convert.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "otel/semconv.h"
#include "otlp_common_decoder.h"

namespace viewer {
namespace {
namespace common = opentelemetry::proto::common::v1;
namespace metrics = opentelemetry::proto::metrics::v1;

nlohmann::json AnyValueToJson(const common::AnyValue& value) {
  switch (value.value_case()) {
    case common::AnyValue::kStringValue:
      return value.string_value();
    case common::AnyValue::kBoolValue:
      return value.bool_value();
    case common::AnyValue::kIntValue:
      return value.int_value();
    case common::AnyValue::kDoubleValue:
      return std::isfinite(value.double_value())
                 ? nlohmann::json(value.double_value())
                 : nlohmann::json(std::to_string(value.double_value()));
    case common::AnyValue::kBytesValue:
      return ToHex(reinterpret_cast<const uint8_t*>(value.bytes_value().data()),
                   value.bytes_value().size());
    case common::AnyValue::kArrayValue: {
      nlohmann::json array = nlohmann::json::array();
      for (const auto& item : value.array_value().values()) array.push_back(AnyValueToJson(item));
      return array;
    }
    case common::AnyValue::kKvlistValue: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& kv : value.kvlist_value().values())
        object[kv.key()] = AnyValueToJson(kv.value());
      return object;
    }
    default:
      return nullptr;
  }
}

Attributes ConvertAttributes(const google::protobuf::RepeatedPtrField<common::KeyValue>& kvs) {
  // Scratch reused by every call on this thread (attribute conversion never nests).
  thread_local AttributesBuilder builder;
  for (const auto& kv : kvs) {
    const Value value = ConvertAnyValue(kv.value());
    builder.Add(kv.key(), value.type, value.text);
  }
  return builder.Build();
}

std::shared_ptr<const Resource> ConvertResource(
    const opentelemetry::proto::resource::v1::Resource& r) {
  auto resource = std::make_shared<Resource>();
  resource->attributes = ConvertAttributes(r.attributes());
  const auto name = FindAttribute(resource->attributes, otel::semconv::kServiceName);
  resource->service_name =
      name && !name->text.empty() ? std::string(name->text) : "unknown_service";
  return resource;
}

std::shared_ptr<const Scope> ConvertScope(const common::InstrumentationScope& s) {
  return std::make_shared<const Scope>(Scope{s.name(), s.version()});
}

template <typename Item>
void Reject(Converted<Item>& out, int64_t count, const std::string& why) {
  out.rejected += count;
  if (out.error.empty()) out.error = why;
}
}  // namespace

Value DoubleValue(double value) {
  if (!std::isfinite(value)) return {ValueType::kString, std::to_string(value)};
  return {ValueType::kDouble, nlohmann::json(value).dump()};
}

Value BytesValue(std::string_view bytes) {
  return {ValueType::kBytes, ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())};
}

Value ConvertAnyValue(const common::AnyValue& value) {
  switch (value.value_case()) {
    case common::AnyValue::kStringValue:
      return {ValueType::kString, value.string_value()};
    case common::AnyValue::kBoolValue:
      return {ValueType::kBool, value.bool_value() ? "true" : "false"};
    case common::AnyValue::kIntValue:
      return {ValueType::kInt, std::to_string(value.int_value())};
    case common::AnyValue::kDoubleValue:
      return DoubleValue(value.double_value());
    case common::AnyValue::kBytesValue:
      return BytesValue(value.bytes_value());
    case common::AnyValue::kArrayValue:
    case common::AnyValue::kKvlistValue:
      return {ValueType::kJson,
              AnyValueToJson(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
    default:
      return {};
  }
}

Converted<SpanPtr> ConvertTraces(
    const opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest& request) {
  Converted<SpanPtr> out;
  for (const auto& resource_spans : request.resource_spans()) {
    auto resource = ConvertResource(resource_spans.resource());
    for (const auto& scope_spans : resource_spans.scope_spans()) {
      auto scope = ConvertScope(scope_spans.scope());
      for (const auto& in : scope_spans.spans()) {
        Span span;
        if (!CopyId(in.trace_id(), span.trace_id, false) || IsZero(span.trace_id) ||
            !CopyId(in.span_id(), span.span_id, false) || IsZero(span.span_id) ||
            !CopyId(in.parent_span_id(), span.parent_span_id, true)) {
          Reject(out, 1, kInvalidSpanIds);
          continue;
        }
        span.name = in.name();
        span.kind = static_cast<int>(in.kind());
        span.start_time_unix_nano = in.start_time_unix_nano();
        span.end_time_unix_nano = std::max(in.end_time_unix_nano(), in.start_time_unix_nano());
        span.attributes = ConvertAttributes(in.attributes());
        for (const auto& event : in.events())
          span.events.push_back(
              {event.time_unix_nano(), event.name(), ConvertAttributes(event.attributes())});
        for (const auto& link : in.links()) {
          SpanLink converted;
          if (!CopyId(link.trace_id(), converted.trace_id, false) ||
              !CopyId(link.span_id(), converted.span_id, false))
            continue;  // a bad link does not make the span unusable
          converted.attributes = ConvertAttributes(link.attributes());
          span.links.push_back(std::move(converted));
        }
        span.status_code = static_cast<int>(in.status().code());
        span.status_message = in.status().message();
        span.resource = resource;
        span.scope = scope;
        out.items.push_back(std::make_shared<const Span>(std::move(span)));
      }
    }
  }
  return out;
}

Converted<LogRecord> ConvertLogs(
    const opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest& request) {
  Converted<LogRecord> out;
  for (const auto& resource_logs : request.resource_logs()) {
    auto resource = ConvertResource(resource_logs.resource());
    for (const auto& scope_logs : resource_logs.scope_logs()) {
      auto scope = ConvertScope(scope_logs.scope());
      for (const auto& in : scope_logs.log_records()) {
        LogRecord log;
        if (!CopyId(in.trace_id(), log.trace_id, true) ||
            !CopyId(in.span_id(), log.span_id, true)) {
          Reject(out, 1,
                 "log record with a trace id that is not 16 bytes or a span id that is not 8");
          continue;
        }
        log.observed_time_unix_nano = in.observed_time_unix_nano();
        log.time_unix_nano =
            in.time_unix_nano() != 0 ? in.time_unix_nano() : in.observed_time_unix_nano();
        log.severity_number = static_cast<int>(in.severity_number());
        log.severity_text = in.severity_text();
        log.body = ConvertAnyValue(in.body());
        log.attributes = ConvertAttributes(in.attributes());
        log.resource = resource;
        log.scope = scope;
        out.items.push_back(std::move(log));
      }
    }
  }
  return out;
}

namespace {
template <typename NumberPoint>
double NumberValue(const NumberPoint& p) {
  return p.value_case() == NumberPoint::kAsInt ? static_cast<double>(p.as_int()) : p.as_double();
}

// Up to kMaxExemplarsPerPoint; ids of the wrong length leave the exemplar without a trace
// (the point itself is fine).
void ConvertExemplars(const google::protobuf::RepeatedPtrField<metrics::Exemplar>& exemplars,
                      std::vector<MetricExemplar>& out) {
  for (const auto& e : exemplars) {
    if (out.size() >= kMaxExemplarsPerPoint) break;
    MetricExemplar& x = out.emplace_back();
    x.time_unix_nano = e.time_unix_nano();
    x.value = e.value_case() == metrics::Exemplar::kAsInt ? static_cast<double>(e.as_int())
                                                          : e.as_double();
    if (e.trace_id().size() == x.trace_id.size() && e.span_id().size() == x.span_id.size()) {
      std::memcpy(x.trace_id.data(), e.trace_id().data(), x.trace_id.size());
      std::memcpy(x.span_id.data(), e.span_id().data(), x.span_id.size());
      x.has_trace =
          std::any_of(x.trace_id.begin(), x.trace_id.end(), [](uint8_t b) { return b != 0; });
    }
  }
}

void AddNumberPoints(Converted<MetricSample>& out, const MetricSample& base,
                     const google::protobuf::RepeatedPtrField<metrics::NumberDataPoint>& points) {
  for (const auto& p : points) {
    MetricSample sample = base;
    sample.attributes = ConvertAttributes(p.attributes());
    sample.point.time_unix_nano = p.time_unix_nano();
    sample.point.start_time_unix_nano = p.start_time_unix_nano();
    sample.point.value = NumberValue(p);
    ConvertExemplars(p.exemplars(), sample.point.exemplars);
    out.items.push_back(std::move(sample));
  }
}
}  // namespace

Converted<MetricSample> ConvertMetrics(
    const opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest& request) {
  Converted<MetricSample> out;
  for (const auto& resource_metrics : request.resource_metrics()) {
    auto resource = ConvertResource(resource_metrics.resource());
    for (const auto& scope_metrics : resource_metrics.scope_metrics()) {
      for (const auto& metric : scope_metrics.metrics()) {
        MetricSample base;
        base.resource = resource;
        base.descriptor.name = metric.name();
        base.descriptor.unit = metric.unit();
        base.descriptor.description = metric.description();
        if (metric.name().empty()) {
          Reject(out, 1, "metric without a name");
          continue;
        }
        switch (metric.data_case()) {
          case metrics::Metric::kGauge:
            base.descriptor.type = MetricType::kGauge;
            AddNumberPoints(out, base, metric.gauge().data_points());
            break;
          case metrics::Metric::kSum:
            base.descriptor.type = MetricType::kSum;
            base.descriptor.monotonic = metric.sum().is_monotonic();
            base.delta =
                metric.sum().aggregation_temporality() == metrics::AGGREGATION_TEMPORALITY_DELTA;
            AddNumberPoints(out, base, metric.sum().data_points());
            break;
          case metrics::Metric::kHistogram:
            base.descriptor.type = MetricType::kHistogram;
            base.delta = metric.histogram().aggregation_temporality() ==
                         metrics::AGGREGATION_TEMPORALITY_DELTA;
            for (const auto& p : metric.histogram().data_points()) {
              if (!p.bucket_counts().empty() &&
                  p.bucket_counts_size() != p.explicit_bounds_size() + 1) {
                Reject(out, 1,
                       "histogram point whose bucket_counts is not explicit_bounds + 1 long");
                continue;
              }
              MetricSample sample = base;
              sample.attributes = ConvertAttributes(p.attributes());
              sample.point.time_unix_nano = p.time_unix_nano();
              sample.point.start_time_unix_nano = p.start_time_unix_nano();
              sample.point.count = p.count();
              sample.point.sum = p.sum();
              sample.point.bounds.assign(p.explicit_bounds().begin(), p.explicit_bounds().end());
              sample.point.bucket_counts.assign(p.bucket_counts().begin(), p.bucket_counts().end());
              ConvertExemplars(p.exemplars(), sample.point.exemplars);
              out.items.push_back(std::move(sample));
            }
            break;
          case metrics::Metric::kExponentialHistogram:
            base.descriptor.type = MetricType::kExponentialHistogram;
            base.delta = metric.exponential_histogram().aggregation_temporality() ==
                         metrics::AGGREGATION_TEMPORALITY_DELTA;
            for (const auto& p : metric.exponential_histogram().data_points()) {
              MetricSample sample = base;
              sample.attributes = ConvertAttributes(p.attributes());
              sample.point.time_unix_nano = p.time_unix_nano();
              sample.point.start_time_unix_nano = p.start_time_unix_nano();
              sample.point.count = p.count();
              sample.point.sum = p.sum();
              out.items.push_back(std::move(sample));
            }
            break;
          case metrics::Metric::kSummary:
            base.descriptor.type = MetricType::kSummary;
            for (const auto& p : metric.summary().data_points()) {
              MetricSample sample = base;
              sample.attributes = ConvertAttributes(p.attributes());
              sample.point.time_unix_nano = p.time_unix_nano();
              sample.point.start_time_unix_nano = p.start_time_unix_nano();
              sample.point.count = p.count();
              sample.point.sum = p.sum();
              for (const auto& q : p.quantile_values())
                sample.point.quantiles.emplace_back(q.quantile(), q.value());
              out.items.push_back(std::move(sample));
            }
            break;
          default:
            Reject(out, 0, "metric without data");
            break;
        }
      }
    }
  }
  return out;
}

}  // namespace viewer
