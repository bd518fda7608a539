// Attribute keys, stored once per process. The same dozen keys come with every
// span ("http.request.method", "server.address", ...): the first time a key is
// seen it is copied into this table, and attribute lists refer to it by its slot
// instead of carrying their own copy (about 170 bytes per HTTP server span).
//
// Bounded and never shrinking: at most kMaxKeys keys of at most kMaxKeyBytes
// (2048 × 132 bytes, about 270 KiB, the most it can hold). Once full, Intern() declines and callers
// keep the key in their own list, so a sender that invents keys cannot grow memory without bound.
// Nothing is ever removed, so an interned key stays valid after every list that used it is gone
// (the store evicting spans never touches it).
//
// Lock-free: slots are atomic pointers to immutable records, filled once by
// compare-and-swap; lookups are plain loads (ingest runs on several threads).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace viewer {

class KeyTable {
 public:
  static constexpr size_t kSlots = 4096;  // a power of two, twice kMaxKeys
  static constexpr size_t kMaxKeys = 2048;
  static constexpr size_t kMaxKeyBytes = 128;

  // The table every Attributes list uses; never destroyed (lists may outlive statics).
  static KeyTable& Instance() {
    static KeyTable* table = new KeyTable();
    return *table;
  }

  KeyTable();
  ~KeyTable();
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;

  // The slot holding `key` (adding it when new); nullopt when the table is full
  // or the key too long.
  std::optional<uint32_t> Intern(std::string_view key);
  // The key in a slot Intern() returned.
  std::string_view Key(uint32_t slot) const {
    const Record* record = slots_[slot].load(std::memory_order_acquire);
    return {record->chars, record->size};
  }
  size_t keys() const { return keys_.load(std::memory_order_relaxed); }

 private:
  struct Record {
    uint32_t size;
    char chars[kMaxKeyBytes];
  };

  std::unique_ptr<std::atomic<const Record*>[]> slots_;
  std::atomic<size_t> keys_{0};  // records made (a few more while threads race)
};

}  // namespace viewer
