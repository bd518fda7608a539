// Field numbers are those of opentelemetry/proto/{common,resource}/v1/*.proto.
#include "otlp_common_decoder.h"

#include <charconv>
#include <cstring>

#include "otel/semconv.h"
#include "otlp_convert.h"

namespace viewer {
using wire::Field;
using wire::WireType;

bool IsString(const Field& field) {
  return field.type == WireType::kLength && wire::IsValidUtf8(field.data);
}

bool DecodeResource(std::string_view data, AttributesBuilder& attributes, ScalarValue& scratch) {
  return wire::ForEachField(data, [&](const Field& field) {
    switch (field.number) {
      case 1:  // attributes
        if (field.type != WireType::kLength || !DecodeKeyValue(field.data, attributes, scratch))
          return false;
        break;
      case 2:  // dropped_attributes_count
        if (field.type != WireType::kVarint) return false;
        break;
      case 3:  // entity_refs: not read here
        return false;
      default:
        break;
    }
    return true;
  });
}

bool DecodeScope(std::string_view data, Scope& scope, AttributesBuilder& attributes,
                 ScalarValue& scratch) {
  return wire::ForEachField(data, [&](const Field& field) {
    switch (field.number) {
      case 1:  // name
        if (!IsString(field)) return false;
        scope.name = field.data;
        break;
      case 2:  // version
        if (!IsString(field)) return false;
        scope.version = field.data;
        break;
      case 3:  // attributes: checked, not kept (the model has none for scopes)
        if (field.type != WireType::kLength || !DecodeKeyValue(field.data, attributes, scratch))
          return false;
        attributes.Build();
        break;
      case 4:  // dropped_attributes_count
        if (field.type != WireType::kVarint) return false;
        break;
      default:
        break;
    }
    return true;
  });
}

bool DecodeKeyValue(std::string_view data, AttributesBuilder& attributes, ScalarValue& scratch) {
  std::string_view key;
  scratch.type = ValueType::kEmpty;
  scratch.text = {};
  const bool well_formed = wire::ForEachField(data, [&](const Field& field) {
    switch (field.number) {
      case 1:  // key
        if (!IsString(field)) return false;
        key = field.data;
        break;
      case 2:  // value (occurrences merge: later fields overwrite earlier ones)
        if (field.type != WireType::kLength || !DecodeAnyValue(field.data, scratch)) return false;
        break;
      default:
        break;
    }
    return true;
  });
  if (!well_formed) return false;
  attributes.Add(key, scratch.type, scratch.text);
  return true;
}

bool DecodeAnyValue(std::string_view data, ScalarValue& value) {
  return wire::ForEachField(data, [&](const Field& field) {
    // A oneof: the last value field read wins.
    switch (field.number) {
      case 1:  // string_value
        if (!IsString(field)) return false;
        value.type = ValueType::kString;
        value.text = field.data;
        break;
      case 2:  // bool_value
        if (field.type != WireType::kVarint) return false;
        value.type = ValueType::kBool;
        value.text = field.value != 0 ? "true" : "false";
        break;
      case 3: {  // int_value, as std::to_string writes it
        if (field.type != WireType::kVarint) return false;
        char digits[24];
        const auto end =
            std::to_chars(digits, digits + sizeof digits, static_cast<int64_t>(field.value)).ptr;
        value.scratch.assign(digits, end);
        value.type = ValueType::kInt;
        value.text = value.scratch;
        break;
      }
      case 4: {  // double_value
        if (field.type != WireType::kFixed64) return false;
        double number;
        std::memcpy(&number, &field.value, sizeof number);
        Value text = DoubleValue(number);
        value.scratch = std::move(text.text);
        value.type = text.type;
        value.text = value.scratch;
        break;
      }
      case 7: {  // bytes_value
        if (field.type != WireType::kLength) return false;
        Value text = BytesValue(field.data);
        value.scratch = std::move(text.text);
        value.type = text.type;
        value.text = value.scratch;
        break;
      }
      case 5:  // array_value and kvlist_value: left to the protobuf path
      case 6:
        return false;
      default:
        break;
    }
    return true;
  });
}
std::shared_ptr<const Resource> MakeResource(Attributes attributes) {
  auto resource = std::make_shared<Resource>();
  resource->attributes = std::move(attributes);
  const auto name = FindAttribute(resource->attributes, otel::semconv::kServiceName);
  resource->service_name =
      name && !name->text.empty() ? std::string(name->text) : "unknown_service";
  return resource;
}

}  // namespace viewer
