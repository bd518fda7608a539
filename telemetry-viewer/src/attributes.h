// Attribute values and lists as the model keeps them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "key_table.h"

namespace viewer {

// An attribute value kept as text plus its OTLP type, which is all the queries
// (text match) and the JSON output (typed) need.
enum class ValueType : uint8_t { kEmpty, kString, kBool, kInt, kDouble, kBytes, kJson };

struct Value {
  ValueType type = ValueType::kEmpty;
  std::string text;  // string as is; numbers/bools as JSON literals; arrays/maps as JSON
};

// A value stored inside Attributes.
struct ValueView {
  ValueType type = ValueType::kEmpty;
  std::string_view text;
};

struct Attribute {
  std::string key;
  Value value;
};

struct AttributeView {
  std::string_view key;
  ValueView value;
};

// An immutable attribute list in one heap block: an index of entries followed by
// the characters of every value and of the keys the KeyTable did not take. One
// allocation per list instead of two std::strings (and often their heap buffers)
// per attribute; see attributes.cpp.
class Attributes {
 public:
  Attributes() = default;
  Attributes(std::initializer_list<Attribute> attributes);
  Attributes(const Attributes& other);
  Attributes& operator=(const Attributes& other);
  Attributes(Attributes&&) noexcept = default;
  Attributes& operator=(Attributes&&) noexcept = default;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  AttributeView operator[](size_t i) const;
  std::optional<ValueView> Find(std::string_view key) const;
  // Heap bytes of the block (the object itself is counted by its owner).
  size_t HeapBytes() const { return block_bytes_; }

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = AttributeView;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = AttributeView;
    Iterator() = default;
    Iterator(const Attributes* owner, size_t i) : owner_(owner), i_(i) {}
    AttributeView operator*() const { return (*owner_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++i_;
      return old;
    }
    bool operator==(const Iterator& other) const { return i_ == other.i_; }

   private:
    const Attributes* owner_ = nullptr;
    size_t i_ = 0;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size_}; }

 private:
  friend class AttributesBuilder;
  // A key is either in the block (key_offset into the characters) or interned
  // (key_offset is its KeyTable slot, and kInterned is set in key_size).
  static constexpr uint32_t kInterned = 0x80000000u;
  struct Entry {
    uint32_t key_offset, key_size, text_offset, text_size;
    ValueType type;
  };
  uint32_t size_ = 0;
  uint32_t block_bytes_ = 0;
  std::unique_ptr<char[]> block_;  // size_ entries, then the characters
};

// Collects attributes, then makes one Attributes block of them. Reusable: Build()
// starts over and keeps the scratch capacity.
class AttributesBuilder {
 public:
  // Keys go to the process's KeyTable when it takes them, else into the block.
  void Add(std::string_view key, ValueType type, std::string_view text) {
    const std::optional<uint32_t> slot = InternKey(key);
    const auto offset = static_cast<uint32_t>(chars_.size());
    if (slot) {
      chars_.append(text);
      entries_.push_back({*slot, static_cast<uint32_t>(key.size()) | Attributes::kInterned, offset,
                          static_cast<uint32_t>(text.size()), type});
    } else {
      chars_.append(key).append(text);
      entries_.push_back({offset, static_cast<uint32_t>(key.size()),
                          offset + static_cast<uint32_t>(key.size()),
                          static_cast<uint32_t>(text.size()), type});
    }
  }
  size_t size() const { return entries_.size(); }
  Attributes Build();

 private:
  // Consecutive lists carry the same keys in the same order (every span of a
  // batch): the key the previous list had at this position is tried first, which
  // saves hashing and probing the table.
  std::optional<uint32_t> InternKey(std::string_view key) {
    const size_t position = entries_.size();
    if (position < recent_.size() && recent_[position].first == key)
      return recent_[position].second;
    const std::optional<uint32_t> slot = KeyTable::Instance().Intern(key);
    if (slot) {
      if (position >= recent_.size()) recent_.resize(position + 1);
      recent_[position] = {KeyTable::Instance().Key(*slot), *slot};
    }
    return slot;
  }

  std::vector<std::pair<std::string_view, uint32_t>> recent_;  // interned key, slot

  std::vector<Attributes::Entry> entries_;
  std::string chars_;
};

}  // namespace viewer
