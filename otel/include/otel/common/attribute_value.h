// Attribute values of every OTLP AnyValue type, and ordered attribute lists.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "otel/common/utf8.h"

namespace otel {

using Bytes = std::vector<std::uint8_t>;
class AttributeValue;
struct KeyValue;
using ArrayValue = std::vector<AttributeValue>;
using KeyValueList = std::vector<KeyValue>;

// One OTLP AnyValue: empty, bool, int64, double, string, bytes, array or key/value list.
// Span/metric attributes use the primitive types and homogeneous arrays of them; log
// bodies and log attributes may use every type.
class AttributeValue {
 public:
  enum class Type { kEmpty, kBool, kInt, kDouble, kString, kBytes, kArray, kKvList };
  using Storage = std::variant<std::monostate, bool, std::int64_t, double, std::string, Bytes,
                               ArrayValue, KeyValueList>;

  AttributeValue() = default;
  // Implicit on purpose, like the primitives they hold. Defined after KeyValue (below):
  // the variant needs KeyValue complete wherever it is constructed.
  AttributeValue(bool v);  // NOLINT
  template <std::integral T>
  requires(!std::same_as<T, bool>) AttributeValue(T v);  // NOLINT
  AttributeValue(double v);                              // NOLINT
  AttributeValue(float v);                               // NOLINT
  AttributeValue(std::string v);                         // NOLINT
  AttributeValue(std::string_view v);                    // NOLINT
  AttributeValue(const char* v);                         // NOLINT
  AttributeValue(Bytes v);                               // NOLINT
  AttributeValue(ArrayValue v);                          // NOLINT
  AttributeValue(KeyValueList v);                        // NOLINT
  // Homogeneous arrays, the attribute array types of the API.
  AttributeValue(const std::vector<std::string>& v);   // NOLINT
  AttributeValue(const std::vector<std::int64_t>& v);  // NOLINT
  AttributeValue(const std::vector<double>& v);        // NOLINT
  AttributeValue(const std::vector<bool>& v);          // NOLINT

  Type type() const { return static_cast<Type>(v_.index()); }
  bool empty() const { return v_.index() == 0; }
  const Storage& storage() const { return v_; }
  Storage& storage() { return v_; }

  // Typed access: nullptr when the value holds another type.
  const bool* as_bool() const { return std::get_if<bool>(&v_); }
  const std::int64_t* as_int() const { return std::get_if<std::int64_t>(&v_); }
  const double* as_double() const { return std::get_if<double>(&v_); }
  const std::string* as_string() const { return std::get_if<std::string>(&v_); }
  const Bytes* as_bytes() const { return std::get_if<Bytes>(&v_); }
  const ArrayValue* as_array() const { return std::get_if<ArrayValue>(&v_); }
  const KeyValueList* as_kvlist() const { return std::get_if<KeyValueList>(&v_); }

  // Readable form for console output and messages: strings unquoted at top level,
  // arrays as [a, b], maps as {k: v}, bytes as hex.
  std::string to_string() const;

  friend bool operator==(const AttributeValue& a, const AttributeValue& b);

 private:
  Storage v_;
};

struct KeyValue {
  std::string key;
  AttributeValue value;
  friend bool operator==(const KeyValue& a, const KeyValue& b) {
    return a.key == b.key && a.value == b.value;
  }
};

inline AttributeValue::AttributeValue(bool v) : v_(v) {}
template <std::integral T>
requires(!std::same_as<T, bool>) inline AttributeValue::AttributeValue(T v)
    : v_(static_cast<std::int64_t>(v)) {}
inline AttributeValue::AttributeValue(double v) : v_(v) {}
inline AttributeValue::AttributeValue(float v) : v_(static_cast<double>(v)) {}
// Strings become valid UTF-8 here (utf8.h): attribute values and log bodies are
// made of these, and one invalid string gets a whole OTLP batch rejected.
inline AttributeValue::AttributeValue(std::string v) : v_(std::move(v)) {
  make_valid_utf8(*std::get_if<std::string>(&v_));
}
inline AttributeValue::AttributeValue(std::string_view v) : v_(std::string(v)) {
  make_valid_utf8(*std::get_if<std::string>(&v_));
}
inline AttributeValue::AttributeValue(const char* v) : v_(std::string(v)) {
  make_valid_utf8(*std::get_if<std::string>(&v_));
}
inline AttributeValue::AttributeValue(Bytes v) : v_(std::move(v)) {}
inline AttributeValue::AttributeValue(ArrayValue v) : v_(std::move(v)) {}
inline AttributeValue::AttributeValue(KeyValueList v) : v_(std::move(v)) {}

// An ordered list of attributes with unique keys (insertion order is kept, as exporters
// show it). Small lists are the norm, so look-ups are linear scans.
using Attributes = std::vector<KeyValue>;

// Sets key to value: replaces an existing entry or appends. Returns false (and changes
// nothing) when the key is empty.
bool set_attribute(Attributes& attributes, std::string_view key, AttributeValue value);
const AttributeValue* find_attribute(const Attributes& attributes, std::string_view key);
// Truncates strings (also inside arrays) to at most `limit` bytes, on a UTF-8 boundary.
void truncate_value(AttributeValue& value, std::size_t limit);

}  // namespace otel
