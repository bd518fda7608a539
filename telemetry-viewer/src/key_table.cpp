#include "key_table.h"

#include <cstring>

namespace viewer {
namespace {
// Eight bytes at a time with a multiply-xorshift mix: keys are 10-30 bytes, and
// a byte-at-a-time hash cost more than copying the key did.
uint64_t HashKey(std::string_view key) {
  const char* p = key.data();
  size_t n = key.size();
  uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  for (size_t i = 0; i < n; ++i)
    tail |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}
}  // namespace

KeyTable::KeyTable() : slots_(std::make_unique<std::atomic<const Record*>[]>(kSlots)) {
  for (size_t i = 0; i < kSlots; ++i) slots_[i].store(nullptr, std::memory_order_relaxed);
}

KeyTable::~KeyTable() {
  for (size_t i = 0; i < kSlots; ++i) delete slots_[i].load(std::memory_order_relaxed);
}

std::optional<uint32_t> KeyTable::Intern(std::string_view key) {
  if (key.size() > kMaxKeyBytes) return std::nullopt;
  const auto same = [&key](const Record* record) {
    return record->size == key.size() && std::memcmp(record->chars, key.data(), key.size()) == 0;
  };
  Record* mine = nullptr;  // made when the key is new, given back if another thread won
  size_t slot = HashKey(key) & (kSlots - 1);
  for (size_t probe = 0; probe < kSlots; ++probe, slot = (slot + 1) & (kSlots - 1)) {
    const Record* found = slots_[slot].load(std::memory_order_acquire);
    if (found == nullptr) {
      if (mine == nullptr) {
        // Reserve a place within the bound before making the record.
        if (keys_.fetch_add(1, std::memory_order_relaxed) >= kMaxKeys) {
          keys_.fetch_sub(1, std::memory_order_relaxed);
          return std::nullopt;
        }
        mine = new Record;
        mine->size = static_cast<uint32_t>(key.size());
        std::memcpy(mine->chars, key.data(), key.size());
      }
      if (slots_[slot].compare_exchange_strong(found, mine, std::memory_order_acq_rel))
        return static_cast<uint32_t>(slot);
      // Another thread filled this slot first: `found` is now its record.
    }
    if (same(found)) {
      if (mine != nullptr) {
        delete mine;
        keys_.fetch_sub(1, std::memory_order_relaxed);
      }
      return static_cast<uint32_t>(slot);
    }
  }
  delete mine;  // unreachable while kMaxKeys < kSlots: a free slot always exists
  return std::nullopt;
}

}  // namespace viewer
