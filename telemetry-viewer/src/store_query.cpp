// The store's read side: every query copies shared_ptrs out under a shared lock.
#include <algorithm>
#include <cctype>
#include <mutex>
#include <set>
#include <unordered_map>

#include "store.h"

namespace viewer {

namespace {
// ASCII lower-casing by table: std::tolower's locale lookup per character made
// a full-store span-name scan several times slower.
struct LowerTable {
  unsigned char map[256];
  constexpr LowerTable() : map() {
    for (int c = 0; c < 256; ++c)
      map[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
};
constexpr LowerTable kLower;
inline unsigned char Lower(char c) {
  return kLower.map[static_cast<unsigned char>(c)];
}
}  // namespace

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > haystack.size()) return false;
  const unsigned char first = Lower(needle[0]);
  const size_t last = haystack.size() - needle.size();
  for (size_t i = 0; i <= last; ++i) {
    if (Lower(haystack[i]) != first) continue;
    size_t j = 1;
    while (j < needle.size() && Lower(haystack[i + j]) == Lower(needle[j])) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

std::optional<int> ParseSeverity(const std::string& text) {
  if (text.empty()) return 0;
  if (std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(c) != 0; })) {
    if (text.size() > 2) return std::nullopt;
    return std::stoi(text);
  }
  std::string upper;
  for (char c : text) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // OTLP SeverityNumber ranges: TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL
  // 21-24.
  static const std::pair<const char*, int> kLevels[] = {
      {"TRACE", 1},    {"DEBUG", 5},  {"INFO", 9},   {"WARN", 13},
      {"WARNING", 13}, {"ERROR", 17}, {"FATAL", 21}, {"CRITICAL", 21}};
  for (const auto& [name, number] : kLevels)
    if (upper == name) return number;
  return std::nullopt;
}

std::vector<std::string> Store::Services() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> services;
  for (const auto& [service, refs] : service_refs_) services.push_back(service);
  return services;
}

TraceSummary Store::Summarize(const TraceId& id, const TraceEntry& entry) {
  TraceSummary summary;
  summary.trace_id = id;
  summary.span_count = entry.spans().size();
  summary.start_time_unix_nano = entry.start();
  summary.duration_ms =
      entry.end() > entry.start() ? static_cast<double>(entry.end() - entry.start()) / 1e6 : 0;
  // The root is a span without parent; failing that (parent not received yet) an
  // orphan; ties go to the earliest start.
  const Span* root = nullptr;
  int root_rank = 3;
  for (const auto& span : entry.spans()) {
    if (span->IsError()) ++summary.error_count;
    if (std::find(summary.services.begin(), summary.services.end(), span->service()) ==
        summary.services.end())
      summary.services.push_back(span->service());
    int rank = 0;
    if (!IsZero(span->parent_span_id)) {
      const bool orphan = std::none_of(
          entry.spans().begin(), entry.spans().end(),
          [&](const SpanPtr& other) { return other->span_id == span->parent_span_id; });
      rank = orphan ? 1 : 2;
    }
    if (rank < root_rank ||
        (rank == root_rank && span->start_time_unix_nano < root->start_time_unix_nano)) {
      root = span.get();
      root_rank = rank;
    }
  }
  if (root == nullptr && !entry.spans().empty()) root = entry.spans().front().get();
  if (root != nullptr) {
    summary.root_service = root->service();
    summary.root_name = root->name;
  }
  std::sort(summary.services.begin(), summary.services.end());
  return summary;
}

namespace {
bool SpanHasAttribute(const Span& span, const std::string& key, const std::string& value) {
  auto found = FindAttribute(span.attributes, key);
  if (!found && span.resource) found = FindAttribute(span.resource->attributes, key);
  return found.has_value() && (value.empty() || found->text == value);
}
}  // namespace

std::vector<TraceSummary> Store::SearchTraces(const TraceQuery& query) const {
  std::vector<std::pair<uint64_t, std::pair<const TraceId*, const TraceEntry*>>> matches;
  std::shared_lock lock(mutex_);
  for (const auto& [id, entry] : traces_) {
    const uint64_t start = entry.start(), end = entry.end();
    if (start < query.start_from || start > query.start_to) continue;
    const double duration_ms = end > start ? static_cast<double>(end - start) / 1e6 : 0;
    if (duration_ms < query.min_duration_ms) continue;
    if (query.max_duration_ms && duration_ms > *query.max_duration_ms) continue;
    if (query.errors_only && entry.errors() == 0) continue;
    if (!query.service.empty() && !entry.HasService(query.service)) continue;
    // Only span name and attribute filters need the spans themselves.
    bool has_name = query.span_name.empty(), has_attribute = query.attribute_key.empty();
    for (const auto& span : entry.spans()) {
      if (has_name && has_attribute) break;
      has_name = has_name || ((query.service.empty() || span->service() == query.service) &&
                              ContainsIgnoreCase(span->name, query.span_name));
      has_attribute =
          has_attribute || SpanHasAttribute(*span, query.attribute_key, query.attribute_value);
    }
    if (has_name && has_attribute) matches.push_back({start, {&id, &entry}});
  }
  const size_t count = std::min(query.limit, matches.size());
  std::partial_sort(matches.begin(), matches.begin() + static_cast<ptrdiff_t>(count), matches.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<TraceSummary> summaries;
  summaries.reserve(count);
  for (size_t i = 0; i < count; ++i)
    summaries.push_back(Summarize(*matches[i].second.first, *matches[i].second.second));
  return summaries;
}

std::optional<std::vector<SpanPtr>> Store::GetTrace(const TraceId& trace_id) const {
  std::vector<SpanPtr> spans;
  {
    std::shared_lock lock(mutex_);
    auto it = traces_.find(trace_id);
    if (it == traces_.end()) return std::nullopt;
    const std::span<const SpanPtr> stored = it->second.spans();
    // A loop, not assign(): GCC 12 sees a false null dereference in assign's copies.
    spans.reserve(stored.size());
    for (const SpanPtr& span : stored) spans.push_back(span);
  }
  std::stable_sort(spans.begin(), spans.end(), [](const SpanPtr& a, const SpanPtr& b) {
    return a->start_time_unix_nano < b->start_time_unix_nano;
  });
  return spans;
}

std::vector<LogPtr> Store::SearchLogs(const LogQuery& query) const {
  std::vector<LogPtr> found;
  {
    std::shared_lock lock(mutex_);
    for (auto it = log_fifo_.rbegin(); it != log_fifo_.rend() && found.size() < query.limit; ++it) {
      const LogRecord& log = **it;
      if (!query.service.empty() && log.service() != query.service) continue;
      if (query.trace_id && log.trace_id != *query.trace_id) continue;
      if (log.severity_number < query.min_severity) continue;
      if (log.time_unix_nano < query.start_from || log.time_unix_nano > query.start_to) continue;
      if (!query.text.empty() && !ContainsIgnoreCase(log.body.text, query.text) &&
          std::none_of(log.attributes.begin(), log.attributes.end(), [&](const AttributeView& a) {
            return ContainsIgnoreCase(a.value.text, query.text);
          }))
        continue;
      found.push_back(*it);
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const LogPtr& a, const LogPtr& b) {
    return a->time_unix_nano > b->time_unix_nano;
  });
  return found;
}

std::vector<MetricSummary> Store::ListMetrics() const {
  std::vector<MetricSummary> list;
  std::shared_lock lock(mutex_);
  for (const auto& [name, entry] : metrics_) {
    MetricSummary summary;
    summary.descriptor = entry.descriptor;
    summary.series_count = entry.series.size();
    std::set<std::string> services;
    for (const auto& [key, series] : entry.series) services.insert(series->service);
    summary.services.assign(services.begin(), services.end());
    list.push_back(std::move(summary));
  }
  return list;
}

std::optional<MetricSeriesSet> Store::GetMetric(const std::string& name,
                                                const std::string& service) const {
  std::shared_lock lock(mutex_);
  auto it = metrics_.find(name);
  if (it == metrics_.end()) return std::nullopt;
  MetricSeriesSet set;
  set.descriptor = it->second.descriptor;
  for (const auto& [key, series] : it->second.series) {
    if (!service.empty() && series->service != service) continue;
    set.series.push_back(
        {series->service, series->attributes, {series->points.begin(), series->points.end()}});
  }
  return set;
}

ServiceMap Store::BuildServiceMap() const {
  ServiceMap map;
  std::map<std::string, ServiceMap::Node> nodes;
  std::map<std::pair<std::string, std::string>, ServiceMap::Edge> edges;
  std::shared_lock lock(mutex_);
  std::unordered_map<SpanId, const Span*, IdHash> by_id;
  for (const auto& [id, entry] : traces_) {
    by_id.clear();
    for (const auto& span : entry.spans()) by_id[span->span_id] = span.get();
    for (const auto& span : entry.spans()) {
      auto& node = nodes[span->service()];
      node.service = span->service();
      ++node.span_count;
      if (span->IsError()) ++node.error_count;
      auto parent = by_id.find(span->parent_span_id);
      if (IsZero(span->parent_span_id) || parent == by_id.end()) continue;
      const std::string& from = parent->second->service();
      if (from == span->service()) continue;
      auto& edge = edges[{from, span->service()}];
      edge.source = from;
      edge.target = span->service();
      ++edge.call_count;
      if (span->IsError()) ++edge.error_count;
    }
  }
  for (auto& [name, node] : nodes) map.nodes.push_back(std::move(node));
  for (auto& [key, edge] : edges) map.edges.push_back(std::move(edge));
  return map;
}

}  // namespace viewer
