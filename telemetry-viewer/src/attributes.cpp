// Attributes: one heap block per list, laid out as
//   [Entry 0][Entry 1]...[Entry n-1][text 0][key 1][text 1]...
// (a key is in the block only when the KeyTable did not take it). Offsets are
// relative to the characters' start, so a copy is one memcpy and a move keeps
// every view valid. Lists are built once at ingest and never change.
#include "attributes.h"

#include <cstring>

namespace viewer {

AttributeView Attributes::operator[](size_t i) const {
  Entry e{};  // copied out: the block is raw characters, not an array of Entry objects
  std::memcpy(&e, block_.get() + i * sizeof(Entry), sizeof(Entry));
  const char* chars = block_.get() + size_ * sizeof(Entry);
  const std::string_view key = (e.key_size & kInterned)
                                   ? KeyTable::Instance().Key(e.key_offset)
                                   : std::string_view(chars + e.key_offset, e.key_size);
  return {key, {e.type, std::string_view(chars + e.text_offset, e.text_size)}};
}

std::optional<ValueView> Attributes::Find(std::string_view key) const {
  for (size_t i = 0; i < size_; ++i) {
    Entry e{};
    std::memcpy(&e, block_.get() + i * sizeof(Entry), sizeof(Entry));
    if ((e.key_size & ~kInterned) != key.size()) continue;  // no key to fetch
    const AttributeView attribute = (*this)[i];
    if (attribute.key == key) return attribute.value;
  }
  return std::nullopt;
}

Attributes::Attributes(std::initializer_list<Attribute> attributes) {
  AttributesBuilder builder;
  for (const auto& a : attributes) builder.Add(a.key, a.value.type, a.value.text);
  *this = builder.Build();
}

Attributes::Attributes(const Attributes& other)
    : size_(other.size_), block_bytes_(other.block_bytes_) {
  if (other.block_) {
    block_ = std::make_unique_for_overwrite<char[]>(block_bytes_);
    std::memcpy(block_.get(), other.block_.get(), block_bytes_);
  }
}

Attributes& Attributes::operator=(const Attributes& other) {
  if (this != &other) *this = Attributes(other);
  return *this;
}

Attributes AttributesBuilder::Build() {
  Attributes out;
  if (!entries_.empty()) {
    const size_t index_bytes = entries_.size() * sizeof(Attributes::Entry);
    out.size_ = static_cast<uint32_t>(entries_.size());
    out.block_bytes_ = static_cast<uint32_t>(index_bytes + chars_.size());
    out.block_ = std::make_unique_for_overwrite<char[]>(out.block_bytes_);
    std::memcpy(out.block_.get(), entries_.data(), index_bytes);
    if (!chars_.empty()) std::memcpy(out.block_.get() + index_bytes, chars_.data(), chars_.size());
  }
  entries_.clear();
  chars_.clear();
  return out;
}

}  // namespace viewer
