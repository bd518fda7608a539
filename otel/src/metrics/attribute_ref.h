// Attribute sets as the metrics hot path sees them: borrowed (key, value) references
// from the caller, hashed in place without allocating, and the owned, canonical
// (sorted, de-duplicated, filtered) copy an aggregation point keeps.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "otel/common/attribute_value.h"

namespace otel::metrics::detail {

struct AttrRef {
  std::string_view key;
  const AttributeValue* value;
};

using OwnedAttributes = Attributes;  // sorted by key, unique keys

// A view's attribute allow-list ("keep only these keys").
struct KeyFilter {
  std::vector<std::string> keys;  // sorted
  bool Allows(std::string_view key) const {
    return std::binary_search(keys.begin(), keys.end(), key);
  }
};

inline uint64_t Mix(uint64_t x) {  // splitmix64 finaliser: spreads bits for the table index
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline uint64_t HashValue(const AttributeValue& value);

inline uint64_t HashBytes(std::string_view bytes) {
  return std::hash<std::string_view>{}(bytes);
}

inline uint64_t HashValue(const AttributeValue& value) {
  const uint64_t h = std::visit(
      [](const auto& v) -> uint64_t {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return 0;
        } else if constexpr (std::is_same_v<T, std::string>) {
          return HashBytes(v);
        } else if constexpr (std::is_arithmetic_v<T>) {
          return std::hash<T>{}(v);
        } else if constexpr (std::is_same_v<T, Bytes>) {
          return HashBytes(std::string_view(reinterpret_cast<const char*>(v.data()), v.size()));
        } else if constexpr (std::is_same_v<T, ArrayValue>) {
          uint64_t acc = v.size();
          for (const auto& element : v) acc = acc * 31 + HashValue(element);
          return acc;
        } else {  // KeyValueList
          uint64_t acc = v.size();
          for (const auto& kv : v) acc = acc * 31 + HashBytes(kv.key) + HashValue(kv.value);
          return acc;
        }
      },
      value.storage());
  return h * 16777619ULL + static_cast<uint64_t>(value.type());
}

inline uint64_t HashPair(std::string_view key, const AttributeValue& value) {
  return Mix(std::hash<std::string_view>{}(key)*0x9e3779b97f4a7c15ULL + HashValue(value));
}

// Order-independent (a sum of per-pair hashes), so {a,b} and {b,a} find the same point
// without sorting on the hot path.
inline uint64_t HashAttributes(std::span<const AttrRef> attributes, const KeyFilter* filter) {
  uint64_t h = 0x2545f4914f6cdd1dULL;
  for (const auto& a : attributes) {
    if (filter != nullptr && !filter->Allows(a.key)) continue;
    h += HashPair(a.key, *a.value);
  }
  return Mix(h);
}

inline bool SameAttributes(const OwnedAttributes& owned, std::span<const AttrRef> attributes,
                           const KeyFilter* filter) {
  size_t matched = 0;
  for (const auto& a : attributes) {
    if (filter != nullptr && !filter->Allows(a.key)) continue;
    auto it = std::find_if(owned.begin(), owned.end(),
                           [&](const KeyValue& kv) { return kv.key == a.key; });
    if (it == owned.end() || !(it->value == *a.value)) return false;
    ++matched;
  }
  return matched == owned.size();
}

// Sorted by key; for a repeated key the last value wins (as for span attributes).
inline OwnedAttributes Canonicalize(std::span<const AttrRef> attributes, const KeyFilter* filter) {
  OwnedAttributes out;
  out.reserve(attributes.size());
  for (const auto& a : attributes) {
    if (filter != nullptr && !filter->Allows(a.key)) continue;
    auto it =
        std::find_if(out.begin(), out.end(), [&](const KeyValue& kv) { return kv.key == a.key; });
    if (it != out.end()) {
      it->value = *a.value;
    } else {
      out.push_back(KeyValue{std::string(a.key), *a.value});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const KeyValue& x, const KeyValue& y) { return x.key < y.key; });
  return out;
}

inline std::vector<AttrRef> ToRefs(const OwnedAttributes& owned) {
  std::vector<AttrRef> refs;
  refs.reserve(owned.size());
  for (const auto& kv : owned) refs.push_back({kv.key, &kv.value});
  return refs;
}

inline uint64_t HashOwned(const OwnedAttributes& owned) {
  auto refs = ToRefs(owned);
  return HashAttributes(refs, nullptr);
}

}  // namespace otel::metrics::detail
