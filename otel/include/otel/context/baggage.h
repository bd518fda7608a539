// W3C Baggage: immutable name/value pairs (with optional metadata) carried in a Context.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace otel {

class Baggage {
 public:
  struct Entry {
    std::string key;
    std::string value;
    std::string metadata;  // the ";"-separated properties after the value, verbatim
    friend bool operator==(const Entry&, const Entry&) = default;
  };

  Baggage() = default;
  std::optional<std::string_view> get(std::string_view key) const;
  // A new Baggage with key set (replacing an existing entry). Empty keys are ignored.
  Baggage set(std::string_view key, std::string_view value, std::string_view metadata = {}) const;
  Baggage remove(std::string_view key) const;
  const std::vector<Entry>& entries() const;
  bool empty() const { return !entries_ || entries_->empty(); }
  std::size_t size() const { return entries_ ? entries_->size() : 0; }
  friend bool operator==(const Baggage& a, const Baggage& b) { return a.entries() == b.entries(); }

 private:
  explicit Baggage(std::shared_ptr<const std::vector<Entry>> e) : entries_(std::move(e)) {}
  std::shared_ptr<const std::vector<Entry>> entries_;
};

}  // namespace otel
