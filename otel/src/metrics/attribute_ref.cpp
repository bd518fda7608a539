#include "metrics/attribute_ref.h"

namespace otel::metrics::detail {

std::uint64_t HashComposite(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeValue::Type::kBytes: {
      const auto& bytes = std::get<Bytes>(value.storage());
      return HashBytes(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }
    case AttributeValue::Type::kArray: {
      const auto& array = std::get<ArrayValue>(value.storage());
      std::uint64_t acc = array.size();
      for (const auto& element : array) acc = acc * 31 + HashValue(element);
      return acc;
    }
    case AttributeValue::Type::kKvList: {
      const auto& list = std::get<KeyValueList>(value.storage());
      std::uint64_t acc = list.size();
      for (const auto& kv : list) acc = acc * 31 + HashBytes(kv.key) + HashValue(kv.value);
      return acc;
    }
    default:
      return 0;  // empty
  }
}

}  // namespace otel::metrics::detail
