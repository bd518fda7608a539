#include "metrics/attribute_ref.h"

namespace otel::metrics::detail {

std::uint64_t hash_composite(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeValue::Type::kBytes: {
      const auto& bytes = std::get<Bytes>(value.storage());
      return hash_bytes(
          std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }
    case AttributeValue::Type::kArray: {
      const auto& array = std::get<ArrayValue>(value.storage());
      std::uint64_t acc = array.size();
      for (const auto& element : array) acc = acc * 31 + hash_value(element);
      return acc;
    }
    case AttributeValue::Type::kKvList: {
      const auto& list = std::get<KeyValueList>(value.storage());
      std::uint64_t acc = list.size();
      for (const auto& kv : list) acc = acc * 31 + hash_bytes(kv.key) + hash_value(kv.value);
      return acc;
    }
    default:
      return 0;  // empty
  }
}

}  // namespace otel::metrics::detail
