// Reading the protobuf wire format, for the decoder that turns OTLP trace requests
// straight into the model (trace_decoder.cpp) without generated messages.
//
// Deliberately narrow: it reads the plain encoding exporters write and fails on
// anything else (groups, a varint over 10 bytes, a tag over 32 bits, field number 0,
// a length past the end, invalid UTF-8 where a string is expected). A failure
// does not reject the request: the caller hands it to protobuf, which accepts or
// rejects it by the full rules. So this reader never has to reproduce protobuf's
// edge cases; it only must never accept what protobuf rejects.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace viewer::wire {

enum class WireType : uint8_t { kVarint = 0, kFixed64 = 1, kLength = 2, kFixed32 = 5 };

// One field as read from the wire: its number, type and payload.
struct Field {
  uint32_t number = 0;
  WireType type = WireType::kVarint;
  uint64_t value = 0;     // varint, fixed64 or fixed32
  std::string_view data;  // length-delimited
};

// Iterates the fields of one message's bytes.
class Reader {
 public:
  explicit Reader(std::string_view data) : p_(data.data()), end_(data.data() + data.size()) {}
  bool done() const { return p_ == end_; }
  // Where the next field starts (to copy fields as they are).
  const char* position() const { return p_; }
  // Reads the next field; false when it is malformed or outside what this
  // reader handles (see above). Inline: it runs for every field of every span.
  bool Next(Field* field) {
    uint64_t tag;
    if (!ReadVarint(&tag, 5) || tag > UINT32_MAX) return false;
    field->number = static_cast<uint32_t>(tag >> 3);
    if (field->number == 0) return false;
    switch (tag & 7) {
      case 0:
        field->type = WireType::kVarint;
        return ReadVarint(&field->value, 10);
      case 1:
        field->type = WireType::kFixed64;
        if (end_ - p_ < 8) return false;
        std::memcpy(&field->value, p_, 8);  // little-endian, like the wire
        p_ += 8;
        return true;
      case 2: {
        field->type = WireType::kLength;
        uint64_t size;
        if (!ReadVarint(&size, 5) || size > static_cast<uint64_t>(end_ - p_)) return false;
        field->data = std::string_view(p_, static_cast<size_t>(size));
        p_ += size;
        return true;
      }
      case 5: {
        field->type = WireType::kFixed32;
        if (end_ - p_ < 4) return false;
        uint32_t value;
        std::memcpy(&value, p_, 4);
        field->value = value;
        p_ += 4;
        return true;
      }
      default:  // groups (3, 4) and the undefined wire types 6 and 7
        return false;
    }
  }

 private:
  // At most `max_bytes` bytes; bits beyond 64 are dropped, as protobuf drops them.
  bool ReadVarint(uint64_t* value, int max_bytes) {
    if (p_ != end_ && static_cast<uint8_t>(*p_) < 0x80) {  // most tags and lengths
      *value = static_cast<uint8_t>(*p_++);
      return true;
    }
    return ReadLongVarint(value, max_bytes);
  }
  bool ReadLongVarint(uint64_t* value, int max_bytes);

  const char* p_;
  const char* end_;
};

// Calls on_field(const Field&) for each field of one message's bytes, in order; false
// as soon as a field is malformed (see Reader::Next) or on_field returns false.
template <typename OnField>
bool ForEachField(std::string_view data, OnField&& on_field) {
  Reader reader(data);
  Field field;
  while (!reader.done()) {
    if (!reader.Next(&field) || !on_field(static_cast<const Field&>(field))) return false;
  }
  return true;
}

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), as protobuf requires of proto3 string fields.
bool IsValidNonAsciiUtf8(std::string_view text);
inline bool IsValidUtf8(std::string_view text) {
  // All-ASCII, the usual case, checked inline eight bytes at a time.
  const char* p = text.data();
  size_t n = text.size();
  uint64_t high = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    high |= chunk;
  }
  for (; n > 0; ++p, --n) high |= static_cast<uint8_t>(*p);
  return (high & 0x8080808080808080ull) == 0 || IsValidNonAsciiUtf8(text);
}

}  // namespace viewer::wire
