#include "model.h"

#include <algorithm>

namespace viewer {
namespace {
const std::string kUnknownService = "unknown_service";

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string ToHex(const uint8_t* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xf];
  }
  return out;
}

template <size_t N>
std::optional<std::array<uint8_t, N>> FromHex(std::string_view hex) {
  if (hex.size() != 2 * N) return std::nullopt;
  std::array<uint8_t, N> id{};
  for (size_t i = 0; i < N; ++i) {
    int hi = HexDigit(hex[2 * i]);
    int lo = HexDigit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    id[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return id;
}
template std::optional<TraceId> FromHex<16>(std::string_view);
template std::optional<SpanId> FromHex<8>(std::string_view);

std::optional<ValueView> FindAttribute(const Attributes& attributes, std::string_view key) {
  return attributes.Find(key);
}

size_t ApproxBytes(const Attributes& attributes) {
  return attributes.HeapBytes();
}

std::string AttributesKey(const Attributes& attributes) {
  std::vector<AttributeView> sorted(attributes.begin(), attributes.end());
  std::sort(sorted.begin(), sorted.end(),
            [](const AttributeView& a, const AttributeView& b) { return a.key < b.key; });
  std::string key;
  for (const auto& a : sorted) {
    key += a.key;
    key += '\x1f';
    key += a.value.text;
    key += '\x1e';
  }
  return key;
}

const std::string& Span::service() const {
  return resource ? resource->service_name : kUnknownService;
}

size_t Span::ApproxBytes() const {
  size_t bytes = sizeof(Span) + name.capacity() + status_message.capacity() +
                 viewer::ApproxBytes(attributes) + events.capacity() * sizeof(SpanEvent) +
                 links.capacity() * sizeof(SpanLink);
  for (const auto& e : events) bytes += e.name.capacity() + viewer::ApproxBytes(e.attributes);
  for (const auto& l : links) bytes += viewer::ApproxBytes(l.attributes);
  // Resources and scopes are shared by a whole batch; they are not counted per span.
  return bytes + 2 * sizeof(std::shared_ptr<Span>);
}

const std::string& LogRecord::service() const {
  return resource ? resource->service_name : kUnknownService;
}

size_t LogRecord::ApproxBytes() const {
  return sizeof(LogRecord) + severity_text.capacity() + body.text.capacity() +
         viewer::ApproxBytes(attributes) + 2 * sizeof(std::shared_ptr<LogRecord>);
}

const char* MetricTypeName(MetricType type) {
  switch (type) {
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kSum:
      return "sum";
    case MetricType::kHistogram:
      return "histogram";
    case MetricType::kExponentialHistogram:
      return "exponential_histogram";
    case MetricType::kSummary:
      return "summary";
  }
  return "unknown";
}

size_t MetricPoint::ApproxBytes() const {
  return sizeof(MetricPoint) + bounds.capacity() * sizeof(double) +
         bucket_counts.capacity() * sizeof(uint64_t) +
         quantiles.capacity() * sizeof(std::pair<double, double>) +
         exemplars.capacity() * sizeof(MetricExemplar) + sizeof(void*);
}

}  // namespace viewer
