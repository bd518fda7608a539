// Attribute sets as the metrics hot path sees them: borrowed (key, value) references
// from the caller, hashed in place without allocating, and the owned, canonical
// (sorted, de-duplicated, filtered) copy an aggregation point keeps.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
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
  const AttributeValue* value = nullptr;
};

using OwnedAttributes = Attributes;  // sorted by key, unique keys

// A view's attribute allow-list ("keep only these keys").
struct KeyFilter {
  std::vector<std::string> keys;  // sorted
  bool allows(std::string_view key) const {
    return std::binary_search(keys.begin(), keys.end(), key);
  }
};

inline std::uint64_t mix(
    std::uint64_t x) {  // splitmix64 finaliser: spreads bits for the table index
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

inline std::uint64_t hash_value(const AttributeValue& value);

// Attribute keys and values are short (method names, routes, status texts), so this
// inlines a word-at-a-time multiply-xorshift hash instead of calling libstdc++'s
// out-of-line Murmur (std::hash<string_view> was ~40 % of a 3-attribute counter add).
// It only has to spread bits for the in-process table; Mix() finishes it.
inline std::uint64_t load64(const char* p) {
  std::uint64_t word;
  std::memcpy(&word, p, 8);
  return word;
}
inline std::uint64_t load32(const char* p) {
  std::uint32_t word;
  std::memcpy(&word, p, 4);
  return word;
}

inline std::uint64_t hash_bytes(std::string_view bytes) {
  const char* p = bytes.data();
  const std::size_t size = bytes.size();
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ size;
  auto absorb = [&h](std::uint64_t word) {
    h = (h ^ word) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
  };
  if (size >= 8) {
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) absorb(load64(p + i));
    if (i < size) absorb(load64(p + size - 8));  // the tail, overlapping the last word
  } else if (size >= 4) {  // whole-word loads only: byte-wise copies stall store forwarding
    absorb(load32(p) | (load32(p + size - 4) << 32));
  } else if (size > 0) {
    absorb(static_cast<std::uint8_t>(p[0]) |
           (std::uint64_t{static_cast<std::uint8_t>(p[size / 2])} << 8) |
           (std::uint64_t{static_cast<std::uint8_t>(p[size - 1])} << 16));
  }
  return h;
}

// Bytes, arrays and key/value lists (rare in measurements): out of line, so HashValue's
// scalar and string cases inline into the hot loop.
std::uint64_t hash_composite(const AttributeValue& value);

// A switch on the type rather than std::visit: the visit's out-of-line dispatch cost
// more than hashing the short strings measurements carry.
inline std::uint64_t hash_value(const AttributeValue& value) {
  std::uint64_t h;
  switch (value.type()) {
    case AttributeValue::Type::kString:
      h = hash_bytes(std::get<std::string>(value.storage()));
      break;
    case AttributeValue::Type::kInt:
      h = static_cast<std::uint64_t>(std::get<std::int64_t>(value.storage()));
      break;
    case AttributeValue::Type::kBool:
      h = std::get<bool>(value.storage()) ? 1 : 0;
      break;
    case AttributeValue::Type::kDouble:
      h = std::hash<double>{}(std::get<double>(value.storage()));
      break;
    default:
      h = hash_composite(value);
  }
  return h * 16777619ULL + static_cast<std::uint64_t>(value.type());
}

inline std::uint64_t hash_pair(std::string_view key, const AttributeValue& value) {
  return mix(hash_bytes(key) * 0x9e3779b97f4a7c15ULL + hash_value(value));
}

// Order-independent (a sum of per-pair hashes), so {a,b} and {b,a} find the same point
// without sorting on the hot path.
inline std::uint64_t hash_attributes(std::span<const AttrRef> attributes, const KeyFilter* filter) {
  std::uint64_t h = 0x2545f4914f6cdd1dULL;
  for (const auto& a : attributes) {
    if (filter != nullptr && !filter->allows(a.key)) continue;
    h += hash_pair(a.key, *a.value);
  }
  return mix(h);
}

// Byte equality inlined with word loads: keys and values are a few to a few dozen bytes,
// where calling memcmp costs more than comparing.
inline bool same_bytes(std::string_view a, std::string_view b) {
  const std::size_t size = a.size();
  if (size != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (size >= 8) {
    for (std::size_t i = 0; i + 8 <= size; i += 8)
      if (load64(p + i) != load64(q + i)) return false;
    return load64(p + size - 8) == load64(q + size - 8);  // the tail, overlapping
  }
  if (size >= 4) return load32(p) == load32(q) && load32(p + size - 4) == load32(q + size - 4);
  for (std::size_t i = 0; i < size; ++i)
    if (p[i] != q[i]) return false;
  return true;
}

// AttributeValue equality with the common cases inline.
inline bool same_value(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case AttributeValue::Type::kString:
      return same_bytes(std::get<std::string>(a.storage()), std::get<std::string>(b.storage()));
    case AttributeValue::Type::kInt:
      return std::get<std::int64_t>(a.storage()) == std::get<std::int64_t>(b.storage());
    case AttributeValue::Type::kBool:
      return std::get<bool>(a.storage()) == std::get<bool>(b.storage());
    default:
      return a == b;
  }
}

// `owned` is sorted by key: a caller that passes its attributes in key order finds each
// one at the next position instead of searching.
inline bool same_attributes(const OwnedAttributes& owned, std::span<const AttrRef> attributes,
                            const KeyFilter* filter) {
  std::size_t matched = 0;
  for (const auto& a : attributes) {
    if (filter != nullptr && !filter->allows(a.key)) continue;
    const KeyValue* kv =
        matched < owned.size() && same_bytes(owned[matched].key, a.key) ? &owned[matched] : nullptr;
    if (kv == nullptr) {
      auto it = std::find_if(owned.begin(), owned.end(),
                             [&](const KeyValue& candidate) { return candidate.key == a.key; });
      if (it == owned.end()) return false;
      kv = &*it;
    }
    if (!same_value(kv->value, *a.value)) return false;
    ++matched;
  }
  return matched == owned.size();
}

// Sorted by key; for a repeated key the last value wins (as for span attributes).
inline OwnedAttributes canonicalize(std::span<const AttrRef> attributes, const KeyFilter* filter) {
  OwnedAttributes out;
  out.reserve(attributes.size());
  for (const auto& a : attributes) {
    if (filter != nullptr && !filter->allows(a.key)) continue;
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

inline std::vector<AttrRef> to_refs(const OwnedAttributes& owned) {
  std::vector<AttrRef> refs;
  refs.reserve(owned.size());
  for (const auto& kv : owned) refs.push_back({kv.key, &kv.value});
  return refs;
}

inline std::uint64_t hash_owned(const OwnedAttributes& owned) {
  auto refs = to_refs(owned);
  return hash_attributes(refs, nullptr);
}

}  // namespace otel::metrics::detail
