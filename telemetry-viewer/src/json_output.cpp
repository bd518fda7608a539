#include "json_output.h"

namespace viewer {
using nlohmann::json;

json ValueToJson(const ValueView& value) {
  switch (value.type) {
    case ValueType::kEmpty:
      return nullptr;
    case ValueType::kString:
    case ValueType::kBytes:
      return std::string(value.text);
    case ValueType::kBool:
      return value.text == "true";
    case ValueType::kInt:
    case ValueType::kDouble:
    case ValueType::kJson: {
      json parsed =
          json::parse(value.text.begin(), value.text.end(), nullptr, /*allow_exceptions=*/false);
      return parsed.is_discarded() ? json(std::string(value.text)) : parsed;
    }
  }
  return nullptr;
}

json AttributesToJson(const Attributes& attributes) {
  json object = json::object();
  for (const AttributeView attribute : attributes)
    object[std::string(attribute.key)] = ValueToJson(attribute.value);
  return object;
}

json TraceSummaryToJson(const TraceSummary& summary) {
  return {{"traceId", ToHex(summary.trace_id)}, {"rootService", summary.root_service},
          {"rootName", summary.root_name},      {"startTimeUnixNano", summary.start_time_unix_nano},
          {"durationMs", summary.duration_ms},  {"spanCount", summary.span_count},
          {"errorCount", summary.error_count},  {"error", summary.error_count > 0},
          {"services", summary.services}};
}

namespace {
json ResourceToJson(const std::shared_ptr<const Resource>& resource) {
  if (!resource) return json::object();
  return AttributesToJson(resource->attributes);
}
json ScopeToJson(const std::shared_ptr<const Scope>& scope) {
  if (!scope) return {{"name", ""}, {"version", ""}};
  return {{"name", scope->name}, {"version", scope->version}};
}
}  // namespace

json SpanToJson(const Span& span) {
  json events = json::array();
  for (const auto& event : span.events)
    events.push_back({{"timeUnixNano", event.time_unix_nano},
                      {"name", event.name},
                      {"attributes", AttributesToJson(event.attributes)}});
  json links = json::array();
  for (const auto& link : span.links)
    links.push_back({{"traceId", ToHex(link.trace_id)},
                     {"spanId", ToHex(link.span_id)},
                     {"attributes", AttributesToJson(link.attributes)}});
  return {{"spanId", ToHex(span.span_id)},
          {"parentSpanId", IsZero(span.parent_span_id) ? "" : ToHex(span.parent_span_id)},
          {"name", span.name},
          {"kind", span.kind},
          {"service", span.service()},
          {"startTimeUnixNano", span.start_time_unix_nano},
          {"endTimeUnixNano", span.end_time_unix_nano},
          {"attributes", AttributesToJson(span.attributes)},
          {"events", std::move(events)},
          {"links", std::move(links)},
          {"status", {{"code", span.status_code}, {"message", span.status_message}}},
          {"resource", ResourceToJson(span.resource)},
          {"scope", ScopeToJson(span.scope)}};
}

json LogToJson(const LogRecord& log) {
  return {{"timeUnixNano", log.time_unix_nano},
          {"observedTimeUnixNano", log.observed_time_unix_nano},
          {"severityText", log.severity_text},
          {"severityNumber", log.severity_number},
          {"body", ValueToJson(ValueView{log.body.type, log.body.text})},
          {"service", log.service()},
          {"traceId", IsZero(log.trace_id) ? "" : ToHex(log.trace_id)},
          {"spanId", IsZero(log.span_id) ? "" : ToHex(log.span_id)},
          {"attributes", AttributesToJson(log.attributes)},
          {"resource", ResourceToJson(log.resource)},
          {"scope", ScopeToJson(log.scope)}};
}

json MetricSummaryToJson(const MetricSummary& summary) {
  return {{"name", summary.descriptor.name},
          {"type", MetricTypeName(summary.descriptor.type)},
          {"unit", summary.descriptor.unit},
          {"description", summary.descriptor.description},
          {"monotonic", summary.descriptor.monotonic},
          {"services", summary.services},
          {"seriesCount", summary.series_count}};
}

json MetricSeriesSetToJson(const MetricSeriesSet& set) {
  const bool distribution = set.descriptor.type == MetricType::kHistogram ||
                            set.descriptor.type == MetricType::kExponentialHistogram ||
                            set.descriptor.type == MetricType::kSummary;
  json series_list = json::array();
  for (const auto& series : set.series) {
    json points = json::array();
    for (const auto& point : series.points) {
      json p = {{"timeUnixNano", point.time_unix_nano},
                {"startTimeUnixNano", point.start_time_unix_nano}};
      if (distribution) {
        p["count"] = point.count;
        p["sum"] = point.sum;
        if (!point.bucket_counts.empty()) {
          p["bounds"] = point.bounds;
          p["bucketCounts"] = point.bucket_counts;
        }
        if (!point.quantiles.empty()) {
          json quantiles = json::array();
          for (const auto& [q, v] : point.quantiles)
            quantiles.push_back({{"quantile", q}, {"value", v}});
          p["quantiles"] = std::move(quantiles);
        }
      } else {
        p["value"] = point.value;
      }
      if (!point.exemplars.empty()) {
        json exemplars = json::array();
        for (const auto& e : point.exemplars) {
          json x = {{"timeUnixNano", e.time_unix_nano}, {"value", e.value}};
          if (e.has_trace) {
            x["traceId"] = ToHex(e.trace_id);
            x["spanId"] = ToHex(e.span_id);
          }
          exemplars.push_back(std::move(x));
        }
        p["exemplars"] = std::move(exemplars);
      }
      points.push_back(std::move(p));
    }
    series_list.push_back({{"service", series.service},
                           {"attributes", AttributesToJson(series.attributes)},
                           {"points", std::move(points)}});
  }
  return {{"name", set.descriptor.name},           {"type", MetricTypeName(set.descriptor.type)},
          {"unit", set.descriptor.unit},           {"description", set.descriptor.description},
          {"monotonic", set.descriptor.monotonic}, {"temporality", "cumulative"},
          {"series", std::move(series_list)}};
}

json ServiceMapToJson(const ServiceMap& map) {
  json nodes = json::array(), edges = json::array();
  for (const auto& node : map.nodes)
    nodes.push_back({{"service", node.service},
                     {"spanCount", node.span_count},
                     {"errorCount", node.error_count}});
  for (const auto& edge : map.edges)
    edges.push_back({{"source", edge.source},
                     {"target", edge.target},
                     {"callCount", edge.call_count},
                     {"errorCount", edge.error_count}});
  return {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
}

}  // namespace viewer
