// A KeyValue appended to an attribute list in place: emplace_back(NewKeyValue<V>(key, value))
// constructs the element from this conversion function's result, which GCC does not move
// again, so the value is converted once and no AttributeValue is moved and destroyed on the
// way. (C++20's parenthesized aggregate initialization would say it directly, but clang 14
// does not have it.) Used by the span and the HTTP instrumentation's hot paths.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "otel/common/attribute_value.h"

namespace otel::internal {

template <class V>
class NewKeyValue {
 public:
  NewKeyValue(std::string_view key, V&& value) : key_(key), value_(std::forward<V>(value)) {}
  operator KeyValue() const {  // NOLINT: implicit on purpose, see above
    return KeyValue{std::string(key_), AttributeValue(std::forward<V>(value_))};
  }

 private:
  std::string_view key_;
  V&& value_;
};

}  // namespace otel::internal
