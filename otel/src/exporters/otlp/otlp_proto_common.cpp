#include "otel/exporters/otlp/otlp_proto_common.h"

namespace otel::exporters::otlp {

void to_proto(const AttributeValue& value, pb_common::AnyValue* out) {
  switch (value.type()) {
    case AttributeValue::Type::kEmpty:
      break;
    case AttributeValue::Type::kBool:
      out->set_bool_value(std::get<bool>(value.storage()));
      break;
    case AttributeValue::Type::kInt:
      out->set_int_value(std::get<std::int64_t>(value.storage()));
      break;
    case AttributeValue::Type::kDouble:
      out->set_double_value(std::get<double>(value.storage()));
      break;
    case AttributeValue::Type::kString:
      out->set_string_value(std::get<std::string>(value.storage()));
      break;
    case AttributeValue::Type::kBytes: {
      const auto& b = std::get<Bytes>(value.storage());
      out->set_bytes_value(std::string(b.begin(), b.end()));
      break;
    }
    case AttributeValue::Type::kArray: {
      auto* array = out->mutable_array_value();
      for (const auto& item : std::get<ArrayValue>(value.storage()))
        to_proto(item, array->add_values());
      break;
    }
    case AttributeValue::Type::kKvList: {
      auto* list = out->mutable_kvlist_value();
      for (const auto& kv : std::get<KeyValueList>(value.storage())) {
        auto* entry = list->add_values();
        entry->set_key(kv.key);
        to_proto(kv.value, entry->mutable_value());
      }
      break;
    }
  }
}

void to_proto(const Attributes& attributes,
              google::protobuf::RepeatedPtrField<pb_common::KeyValue>* out) {
  out->Reserve(out->size() + static_cast<int>(attributes.size()));
  for (const auto& kv : attributes) {
    auto* entry = out->Add();
    entry->set_key(kv.key);
    to_proto(kv.value, entry->mutable_value());
  }
}

void to_proto(const Resource& resource, pb_resource::Resource* out) {
  to_proto(resource.attributes(), out->mutable_attributes());
}

void to_proto(const InstrumentationScope& scope, pb_common::InstrumentationScope* out) {
  out->set_name(scope.name);
  out->set_version(scope.version);
  to_proto(scope.attributes, out->mutable_attributes());
}

AttributeValue from_proto(const pb_common::AnyValue& value) {
  switch (value.value_case()) {
    case pb_common::AnyValue::kStringValue:
      return AttributeValue(value.string_value());
    case pb_common::AnyValue::kBoolValue:
      return AttributeValue(value.bool_value());
    case pb_common::AnyValue::kIntValue:
      return AttributeValue(static_cast<std::int64_t>(value.int_value()));
    case pb_common::AnyValue::kDoubleValue:
      return AttributeValue(value.double_value());
    case pb_common::AnyValue::kBytesValue: {
      const auto& s = value.bytes_value();
      return AttributeValue(Bytes(s.begin(), s.end()));
    }
    case pb_common::AnyValue::kArrayValue: {
      ArrayValue out;
      for (const auto& item : value.array_value().values()) out.push_back(from_proto(item));
      return AttributeValue(std::move(out));
    }
    case pb_common::AnyValue::kKvlistValue:
      return AttributeValue(from_proto(value.kvlist_value().values()));
    case pb_common::AnyValue::VALUE_NOT_SET:
      break;
  }
  return AttributeValue();
}

Attributes from_proto(const google::protobuf::RepeatedPtrField<pb_common::KeyValue>& kvs) {
  Attributes out;
  out.reserve(static_cast<std::size_t>(kvs.size()));
  for (const auto& kv : kvs) out.push_back(KeyValue{kv.key(), from_proto(kv.value())});
  return out;
}

}  // namespace otel::exporters::otlp
