#include "exporters/otlp/otlp_wire_common.h"

#include <string_view>

namespace otel::exporters::otlp::wire {
namespace {

namespace any_value = any_value_field;
// Field numbers (opentelemetry/proto/common/v1/common.proto, resource/v1/resource.proto).
constexpr std::uint32_t kListValues = 1;  // ArrayValue.values, KeyValueList.values
namespace scope {
constexpr std::uint32_t kName = 1, kVersion = 2, kAttributes = 3;
}
constexpr std::uint32_t kResourceAttributes = 1;

std::string_view bytes_view(const Bytes& b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::size_t array_body_size(const ArrayValue& items) {
  std::size_t n = 0;
  for (const auto& item : items) n += len_field_size(kListValues, any_value_size(item));
  return n;
}

std::size_t kv_list_body_size(const KeyValueList& entries) {
  std::size_t n = 0;
  for (const auto& kv : entries) n += len_field_size(kListValues, key_value_size(kv));
  return n;
}

}  // namespace

// The oneof keeps its case even for a default value (false, 0, ""), so a set value is
// always written; an empty AttributeValue writes an empty AnyValue.
std::size_t any_value_size_any(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeValue::Type::kEmpty:
      return 0;
    case AttributeValue::Type::kBool:
      return varint_field_size(any_value::kBool, 1);
    case AttributeValue::Type::kInt:
      return varint_field_size(any_value::kInt,
                               static_cast<std::uint64_t>(*value.as_int()));  // two's complement
    case AttributeValue::Type::kDouble:
      return fixed64_field_size(any_value::kDouble);
    case AttributeValue::Type::kString:
      return len_field_size(any_value::kString, value.as_string()->size());
    case AttributeValue::Type::kBytes:
      return len_field_size(any_value::kBytes, value.as_bytes()->size());
    case AttributeValue::Type::kArray:
      return len_field_size(any_value::kArray, array_body_size(*value.as_array()));
    case AttributeValue::Type::kKvList:
      return len_field_size(any_value::kKvList, kv_list_body_size(*value.as_kvlist()));
  }
  return 0;
}

Writer write_any_value_any(Writer w, const AttributeValue& value) {
  switch (value.type()) {
    case AttributeValue::Type::kEmpty:
      break;
    case AttributeValue::Type::kBool:
      w.varint_field(any_value::kBool, *value.as_bool() ? 1 : 0);
      break;
    case AttributeValue::Type::kInt:
      w.varint_field(any_value::kInt, static_cast<std::uint64_t>(*value.as_int()));
      break;
    case AttributeValue::Type::kDouble:
      w.fixed64_field(any_value::kDouble, std::bit_cast<std::uint64_t>(*value.as_double()));
      break;
    case AttributeValue::Type::kString:
      w.len_field(any_value::kString, *value.as_string());
      break;
    case AttributeValue::Type::kBytes:
      w.len_field(any_value::kBytes, bytes_view(*value.as_bytes()));
      break;
    case AttributeValue::Type::kArray: {
      const auto& items = *value.as_array();
      w.len_header(any_value::kArray, array_body_size(items));
      for (const auto& item : items) {
        w.len_header(kListValues, any_value_size(item));
        w = write_any_value(w, item);
      }
      break;
    }
    case AttributeValue::Type::kKvList: {
      const auto& entries = *value.as_kvlist();
      w.len_header(any_value::kKvList, kv_list_body_size(entries));
      for (const auto& kv : entries) {
        w.len_header(kListValues, key_value_size(kv));
        w = write_key_value(w, kv);
      }
      break;
    }
  }
  return w;
}

std::size_t resource_size(const Resource& resource) {
  return attributes_field_size(kResourceAttributes, resource.attributes());
}

Writer write_resource(Writer w, const Resource& resource) {
  return write_attributes_field(w, kResourceAttributes, resource.attributes());
}

std::size_t scope_size(const InstrumentationScope& s) {
  std::size_t n = attributes_field_size(scope::kAttributes, s.attributes);
  if (!s.name.empty()) n += len_field_size(scope::kName, s.name.size());
  if (!s.version.empty()) n += len_field_size(scope::kVersion, s.version.size());
  return n;
}

Writer write_scope(Writer w, const InstrumentationScope& s) {
  if (!s.name.empty()) w.len_field(scope::kName, s.name);
  if (!s.version.empty()) w.len_field(scope::kVersion, s.version);
  return write_attributes_field(w, scope::kAttributes, s.attributes);
}

}  // namespace otel::exporters::otlp::wire
