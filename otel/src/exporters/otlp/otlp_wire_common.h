// OTLP's common messages (AnyValue, KeyValue, Resource, InstrumentationScope) in wire
// format, straight from the SDK's types (internal). Each `*_size` is the message body's
// size in bytes; each `write_*` writes that body (or, for the `_field` forms, the
// repeated field with its tags and lengths) and returns the advanced writer. They emit
// exactly what to_proto() + SerializeAsString() emit, field for field.
#pragma once

#include <cstddef>
#include <cstdint>

#include "exporters/otlp/proto_wire.h"
#include "otel/common/attribute_value.h"
#include "otel/common/instrumentation_scope.h"
#include "otel/resource/resource.h"

namespace otel::exporters::otlp::wire {

// Field numbers (opentelemetry/proto/common/v1/common.proto).
namespace any_value_field {
constexpr std::uint32_t kString = 1, kBool = 2, kInt = 3, kDouble = 4, kArray = 5, kKvList = 6,
                        kBytes = 7;
}
namespace key_value_field {
constexpr std::uint32_t kKey = 1, kValue = 2;
}

// Every type; the inline versions below take the common ones (strings, integers) first.
std::size_t any_value_size_any(const AttributeValue& value);
[[nodiscard]] Writer write_any_value_any(Writer w, const AttributeValue& value);

inline std::size_t any_value_size(const AttributeValue& value) {
  if (const auto* s = value.as_string()) return len_field_size(any_value_field::kString, s->size());
  if (const auto* i = value.as_int())
    return varint_field_size(any_value_field::kInt, static_cast<std::uint64_t>(*i));
  return any_value_size_any(value);
}

[[nodiscard]] inline Writer write_any_value(Writer w, const AttributeValue& value) {
  if (const auto* s = value.as_string()) {
    w.len_field(any_value_field::kString, *s);
  } else if (const auto* i = value.as_int()) {
    w.varint_field(any_value_field::kInt, static_cast<std::uint64_t>(*i));
  } else {
    w = write_any_value_any(w, value);
  }
  return w;
}

// KeyValue.value is a message field that to_proto() always sets, so it is always written
// (as an empty AnyValue for an empty value); an empty key is proto3's default, left out.
inline std::size_t key_value_size(const KeyValue& kv) {
  const std::size_t n = len_field_size(key_value_field::kValue, any_value_size(kv.value));
  return kv.key.empty() ? n : n + len_field_size(key_value_field::kKey, kv.key.size());
}

[[nodiscard]] inline Writer write_key_value(Writer w, const KeyValue& kv) {
  if (!kv.key.empty()) w.len_field(key_value_field::kKey, kv.key);
  w.len_header(key_value_field::kValue, any_value_size(kv.value));
  return write_any_value(w, kv.value);
}

// `attributes` as the repeated KeyValue field number `field`, tags and lengths included.
inline std::size_t attributes_field_size(std::uint32_t field, const Attributes& attributes) {
  std::size_t n = 0;
  for (const auto& kv : attributes) n += len_field_size(field, key_value_size(kv));
  return n;
}

[[nodiscard]] inline Writer write_attributes_field(Writer w, std::uint32_t field,
                                                   const Attributes& attributes) {
  for (const auto& kv : attributes) {
    w.len_header(field, key_value_size(kv));
    w = write_key_value(w, kv);
  }
  return w;
}

std::size_t resource_size(const Resource& resource);
[[nodiscard]] Writer write_resource(Writer w, const Resource& resource);

std::size_t scope_size(const InstrumentationScope& scope);
[[nodiscard]] Writer write_scope(Writer w, const InstrumentationScope& scope);

}  // namespace otel::exporters::otlp::wire
