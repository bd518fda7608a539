// Query parameters and results shared by the store and the JSON API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model.h"

namespace viewer {

struct TraceQuery {
  std::string service{};    // any span of the trace from this service
  std::string span_name{};  // substring of a span name (of `service` when given)
  double min_duration_ms = 0;
  std::optional<double> max_duration_ms{};
  bool errors_only = false;
  uint64_t start_from = 0;  // trace start within [start_from, start_to] (unix ns)
  uint64_t start_to = UINT64_MAX;
  std::string attribute_key{};  // a span or resource attribute equal to attribute_value
  std::string attribute_value{};
  size_t limit = 20;
};

struct TraceSummary {
  TraceId trace_id{};
  std::string root_service;
  std::string root_name;
  uint64_t start_time_unix_nano = 0;
  double duration_ms = 0;
  size_t span_count = 0;
  size_t error_count = 0;
  std::vector<std::string> services;
};

struct LogQuery {
  std::string service{};
  std::optional<TraceId> trace_id{};
  int min_severity = 0;  // severity_number lower bound
  std::string text{};    // case-insensitive substring of the body or an attribute value
  uint64_t start_from = 0;
  uint64_t start_to = UINT64_MAX;
  size_t limit = 100;
};
// "WARN", "error", "13", ... → the lowest severity_number of that level; nullopt if unknown.
std::optional<int> ParseSeverity(const std::string& text);

struct MetricSummary {
  MetricDescriptor descriptor;
  std::vector<std::string> services;
  size_t series_count = 0;
};

struct MetricSeries {
  std::string service;
  Attributes attributes;
  std::vector<MetricPoint> points;
};

struct MetricSeriesSet {
  MetricDescriptor descriptor;
  std::vector<MetricSeries> series;
};

struct ServiceMap {
  struct Node {
    std::string service;
    size_t span_count = 0;
    size_t error_count = 0;
  };
  struct Edge {
    std::string source;
    std::string target;
    size_t call_count = 0;
    size_t error_count = 0;
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle);

}  // namespace viewer
