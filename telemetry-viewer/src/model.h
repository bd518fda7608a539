// The viewer's own in-memory model of telemetry. OTLP protos are converted into
// these small structs once at ingest, so the store and the queries never touch
// protobuf and the API can serialise without re-decoding.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attributes.h"

namespace viewer {

using TraceId = std::array<uint8_t, 16>;
using SpanId = std::array<uint8_t, 8>;

std::string ToHex(const uint8_t* data, size_t size);
template <size_t N>
std::string ToHex(const std::array<uint8_t, N>& id) {
  return ToHex(id.data(), N);
}
// Parses exactly 2*N hex digits; nullopt otherwise.
template <size_t N>
std::optional<std::array<uint8_t, N>> FromHex(std::string_view hex);
template <size_t N>
bool IsZero(const std::array<uint8_t, N>& id) {
  for (uint8_t b : id)
    if (b != 0) return false;
  return true;
}

struct IdHash {
  template <size_t N>
  size_t operator()(const std::array<uint8_t, N>& id) const {
    // Ids are random already: the first 8 bytes are a good hash.
    uint64_t h = 0;
    // NOLINTNEXTLINE(misc-redundant-expression): N is 8 for trace ids, 16 for span ids' hash
    for (size_t i = 0; i < 8 && i < N; ++i) h = (h << 8) | id[i];
    return static_cast<size_t>(h);
  }
};

std::optional<ValueView> FindAttribute(const Attributes& attributes, std::string_view key);
size_t ApproxBytes(const Attributes& attributes);
// A stable text key for an attribute set (sorted), used to identify metric series.
std::string AttributesKey(const Attributes& attributes);

struct Resource {
  std::string service_name;  // "unknown_service" when the resource has none
  Attributes attributes;
};

struct Scope {
  std::string name;
  std::string version;
};

struct SpanEvent {
  uint64_t time_unix_nano = 0;
  std::string name;
  Attributes attributes;
};

struct SpanLink {
  TraceId trace_id{};
  SpanId span_id{};
  Attributes attributes;
};

struct Span {
  TraceId trace_id{};
  SpanId span_id{};
  SpanId parent_span_id{};  // all zero for a root span
  std::string name;
  int kind = 0;  // OTLP SpanKind
  uint64_t start_time_unix_nano = 0;
  uint64_t end_time_unix_nano = 0;
  Attributes attributes;
  std::vector<SpanEvent> events;
  std::vector<SpanLink> links;
  int status_code = 0;  // 0 unset, 1 ok, 2 error
  std::string status_message;
  std::shared_ptr<const Resource> resource;
  std::shared_ptr<const Scope> scope;

  const std::string& service() const;
  bool IsError() const { return status_code == 2; }
  size_t ApproxBytes() const;
};
using SpanPtr = std::shared_ptr<const Span>;

struct LogRecord {
  uint64_t time_unix_nano = 0;  // time, or observed time when time is unset
  uint64_t observed_time_unix_nano = 0;
  int severity_number = 0;
  std::string severity_text;
  Value body;
  Attributes attributes;
  TraceId trace_id{};
  SpanId span_id{};
  std::shared_ptr<const Resource> resource;
  std::shared_ptr<const Scope> scope;

  const std::string& service() const;
  size_t ApproxBytes() const;
};

enum class MetricType : uint8_t { kGauge, kSum, kHistogram, kExponentialHistogram, kSummary };
const char* MetricTypeName(MetricType type);

struct MetricDescriptor {
  std::string name;
  std::string unit;
  std::string description;
  MetricType type = MetricType::kGauge;
  bool monotonic = false;
};

// A sampled measurement of a point, linked to the span it was made in (OTLP Exemplar): the
// charts draw it as a dot that opens its trace.
struct MetricExemplar {
  uint64_t time_unix_nano = 0;
  double value = 0;
  bool has_trace = false;  // false: recorded without a (valid) span
  TraceId trace_id{};
  SpanId span_id{};
};
// Exemplars kept per point: SDKs send one per histogram bucket or a few per sum.
inline constexpr size_t kMaxExemplarsPerPoint = 32;

// One data point. The store keeps every point cumulative: delta sums and
// histograms are added to the series' running total at ingest.
struct MetricPoint {
  uint64_t time_unix_nano = 0;
  uint64_t start_time_unix_nano = 0;
  double value = 0;    // gauge / sum
  uint64_t count = 0;  // histograms and summaries
  double sum = 0;
  std::vector<double> bounds;
  std::vector<uint64_t> bucket_counts;
  std::vector<std::pair<double, double>> quantiles;  // summary: (quantile, value)
  std::vector<MetricExemplar>
      exemplars;  // this point's (the interval's), at most kMaxExemplarsPerPoint

  size_t ApproxBytes() const;
};

// One point as it arrives, before the store files it under its series.
struct MetricSample {
  MetricDescriptor descriptor;
  std::shared_ptr<const Resource> resource;
  Attributes attributes;
  bool delta = false;
  MetricPoint point;
};

}  // namespace viewer
