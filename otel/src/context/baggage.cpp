#include "otel/context/baggage.h"

namespace otel {

std::optional<std::string_view> Baggage::get(std::string_view key) const {
  for (const auto& e : entries())
    if (e.key == key) return std::string_view(e.value);
  return std::nullopt;
}

Baggage Baggage::set(std::string_view key, std::string_view value,
                     std::string_view metadata) const {
  if (key.empty()) return *this;
  auto next = std::make_shared<std::vector<Entry>>();
  next->reserve(size() + 1);
  bool replaced = false;
  for (const auto& e : entries()) {
    if (e.key == key) {
      next->push_back(Entry{e.key, std::string(value), std::string(metadata)});
      replaced = true;
    } else {
      next->push_back(e);
    }
  }
  if (!replaced)
    next->push_back(Entry{std::string(key), std::string(value), std::string(metadata)});
  return Baggage(std::move(next));
}

Baggage Baggage::remove(std::string_view key) const {
  auto next = std::make_shared<std::vector<Entry>>();
  for (const auto& e : entries())
    if (e.key != key) next->push_back(e);
  return Baggage(std::move(next));
}

const std::vector<Baggage::Entry>& Baggage::entries() const {
  static const std::vector<Entry> kEmpty;
  return entries_ ? *entries_ : kEmpty;
}

}  // namespace otel
