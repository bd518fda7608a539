#include "utf8_items.h"

#include <array>

#include "wire_reader.h"

namespace viewer {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// protobuf's own recursion limit; deeper bodies are left to its rejection.
constexpr int kMaxDepth = 100;

// What may be dropped on its own: the items and the blocks that hold them.
bool Droppable(const Descriptor& type) {
  static constexpr std::array<std::string_view, 9> kNames = {
      "opentelemetry.proto.trace.v1.Span",
      "opentelemetry.proto.trace.v1.ScopeSpans",
      "opentelemetry.proto.trace.v1.ResourceSpans",
      "opentelemetry.proto.logs.v1.LogRecord",
      "opentelemetry.proto.logs.v1.ScopeLogs",
      "opentelemetry.proto.logs.v1.ResourceLogs",
      "opentelemetry.proto.metrics.v1.Metric",
      "opentelemetry.proto.metrics.v1.ScopeMetrics",
      "opentelemetry.proto.metrics.v1.ResourceMetrics"};
  for (std::string_view name : kNames)
    if (type.full_name() == name) return true;
  return false;
}

// What partial_success counts: spans, log records, data points.
bool Counted(const Descriptor& type) {
  static constexpr std::array<std::string_view, 6> kNames = {
      "opentelemetry.proto.trace.v1.Span",
      "opentelemetry.proto.logs.v1.LogRecord",
      "opentelemetry.proto.metrics.v1.NumberDataPoint",
      "opentelemetry.proto.metrics.v1.HistogramDataPoint",
      "opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint",
      "opentelemetry.proto.metrics.v1.SummaryDataPoint"};
  for (std::string_view name : kNames)
    if (type.full_name() == name) return true;
  return false;
}

const Descriptor* MessageField(const Descriptor& type, const wire::Field& field) {
  if (field.type != wire::WireType::kLength) return nullptr;
  const FieldDescriptor* descriptor = type.FindFieldByNumber(static_cast<int>(field.number));
  return descriptor != nullptr && descriptor->type() == FieldDescriptor::TYPE_MESSAGE
             ? descriptor->message_type()
             : nullptr;
}

bool StringField(const Descriptor& type, const wire::Field& field) {
  if (field.type != wire::WireType::kLength) return false;
  const FieldDescriptor* descriptor = type.FindFieldByNumber(static_cast<int>(field.number));
  return descriptor != nullptr && descriptor->type() == FieldDescriptor::TYPE_STRING;
}

int64_t CountItems(const Descriptor& type, std::string_view data, int depth) {
  if (Counted(type)) return 1;
  int64_t count = 0;
  if (depth >= kMaxDepth) return count;
  wire::ForEachField(data, [&](const wire::Field& field) {
    if (const Descriptor* sub = MessageField(type, field))
      count += CountItems(*sub, field.data, depth + 1);
    return true;
  });
  return count;
}

void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

enum class Walk { kOk, kInvalidUtf8, kMalformed };

struct Copier {
  int64_t dropped = 0;
  bool changed = false;

  // Copies a message's fields to out, leaving out droppable sub-messages with
  // invalid strings; kInvalidUtf8 when an invalid string is outside any of them.
  Walk Copy(const Descriptor& type, std::string_view data, int depth, std::string& out) {
    if (depth > kMaxDepth) return Walk::kMalformed;
    wire::Reader reader(data);
    wire::Field field;
    while (!reader.done()) {
      const char* start = reader.position();
      if (!reader.Next(&field)) return Walk::kMalformed;
      const std::string_view raw(start, static_cast<size_t>(reader.position() - start));
      if (StringField(type, field) && !wire::IsValidUtf8(field.data)) return Walk::kInvalidUtf8;
      const Descriptor* sub = MessageField(type, field);
      if (sub == nullptr) {
        out += raw;
        continue;
      }
      std::string copy;
      const bool was_changed = changed;
      changed = false;
      const Walk walk = Copy(*sub, field.data, depth + 1, copy);
      const bool sub_changed = changed;
      changed = was_changed;
      if (walk == Walk::kMalformed) return walk;
      if (walk == Walk::kInvalidUtf8) {
        if (!Droppable(*sub)) return walk;
        dropped += CountItems(*sub, field.data, depth + 1);
        changed = true;
        continue;
      }
      if (!sub_changed) {
        out += raw;
        continue;
      }
      changed = true;
      AppendVarint(out, (static_cast<uint64_t>(field.number) << 3) | 2);
      AppendVarint(out, copy.size());
      out += copy;
    }
    return Walk::kOk;
  }
};

}  // namespace

std::optional<Utf8ItemsDropped> DropItemsWithInvalidUtf8(std::string_view body,
                                                         const Descriptor& request_type) {
  Copier copier;
  Utf8ItemsDropped result;
  if (copier.Copy(request_type, body, 0, result.body) != Walk::kOk || !copier.changed) {
    return std::nullopt;
  }
  result.items = copier.dropped;
  return result;
}

}  // namespace viewer
