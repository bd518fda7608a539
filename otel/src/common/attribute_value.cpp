#include "otel/common/attribute_value.h"

#include <cstdio>

namespace otel {

AttributeValue::AttributeValue(const std::vector<std::string>& v) {
  ArrayValue out;
  out.reserve(v.size());
  for (const auto& s : v) out.emplace_back(s);
  v_ = std::move(out);
}
AttributeValue::AttributeValue(const std::vector<std::int64_t>& v) {
  ArrayValue out;
  out.reserve(v.size());
  for (auto x : v) out.emplace_back(x);
  v_ = std::move(out);
}
AttributeValue::AttributeValue(const std::vector<double>& v) {
  ArrayValue out;
  out.reserve(v.size());
  for (auto x : v) out.emplace_back(x);
  v_ = std::move(out);
}
AttributeValue::AttributeValue(const std::vector<bool>& v) {
  ArrayValue out;
  out.reserve(v.size());
  for (bool x : v) out.emplace_back(x);
  v_ = std::move(out);
}

bool operator==(const AttributeValue& a, const AttributeValue& b) {
  return a.v_ == b.v_;
}

namespace {

void append_value(std::string& out, const AttributeValue& value, bool quote_strings) {
  switch (value.type()) {
    case AttributeValue::Type::kEmpty:
      out += "null";
      break;
    case AttributeValue::Type::kBool:
      out += std::get<bool>(value.storage()) ? "true" : "false";
      break;
    case AttributeValue::Type::kInt:
      out += std::to_string(std::get<std::int64_t>(value.storage()));
      break;
    case AttributeValue::Type::kDouble: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", std::get<double>(value.storage()));
      out += buf;
      break;
    }
    case AttributeValue::Type::kString:
      if (quote_strings) out += '"';
      out += std::get<std::string>(value.storage());
      if (quote_strings) out += '"';
      break;
    case AttributeValue::Type::kBytes: {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "0x";
      for (auto b : std::get<Bytes>(value.storage())) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
      }
      break;
    }
    case AttributeValue::Type::kArray: {
      out += '[';
      bool first = true;
      for (const auto& item : std::get<ArrayValue>(value.storage())) {
        if (!first) out += ", ";
        first = false;
        append_value(out, item, true);
      }
      out += ']';
      break;
    }
    case AttributeValue::Type::kKvList: {
      out += '{';
      bool first = true;
      for (const auto& kv : std::get<KeyValueList>(value.storage())) {
        if (!first) out += ", ";
        first = false;
        out += kv.key;
        out += ": ";
        append_value(out, kv.value, true);
      }
      out += '}';
      break;
    }
  }
}

// Largest prefix length <= limit that does not cut a UTF-8 sequence.
std::size_t utf8_cut(const std::string& s, std::size_t limit) {
  if (s.size() <= limit) return s.size();
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

namespace internal {
void repair_utf8(std::string& text, std::size_t from) {
  std::size_t i = from;
  std::size_t bad = 0;
  while (i < text.size()) {
    const std::size_t length = utf8_sequence_length(text, i, &bad);
    if (length == 0) break;
    i += length;
  }
  if (i == text.size()) return;  // valid: nothing to change
  std::string repaired(text, 0, i);
  repaired.reserve(text.size() + 8);
  while (i < text.size()) {
    const std::size_t length = utf8_sequence_length(text, i, &bad);
    if (length == 0) {
      repaired += "\xEF\xBF\xBD";  // U+FFFD
      i += bad;
    } else {
      repaired.append(text, i, length);
      i += length;
    }
  }
  text = std::move(repaired);
}
}  // namespace internal

std::string AttributeValue::to_string() const {
  std::string out;
  append_value(out, *this, false);
  return out;
}

bool set_attribute(Attributes& attributes, std::string_view key, AttributeValue value) {
  if (key.empty()) return false;
  for (auto& kv : attributes) {
    if (kv.key == key) {
      kv.value = std::move(value);
      return true;
    }
  }
  attributes.push_back(KeyValue{std::string(key), std::move(value)});
  return true;
}

const AttributeValue* find_attribute(const Attributes& attributes, std::string_view key) {
  for (const auto& kv : attributes)
    if (kv.key == key) return &kv.value;
  return nullptr;
}

void truncate_value(AttributeValue& value, std::size_t limit) {
  auto& storage = value.storage();
  if (auto* s = std::get_if<std::string>(&storage)) {
    s->resize(utf8_cut(*s, limit));
  } else if (auto* a = std::get_if<ArrayValue>(&storage)) {
    for (auto& item : *a) truncate_value(item, limit);
  }
}

}  // namespace otel
