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
  // Reads the next field; false when it is malformed or outside what this
  // reader handles (see above).
  bool Next(Field* field);

 private:
  bool ReadVarint(uint64_t* value, int max_bytes);

  const char* p_;
  const char* end_;
};

// Well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above
// U+10FFFF), as protobuf requires of proto3 string fields.
bool IsValidUtf8(std::string_view text);

}  // namespace viewer::wire
