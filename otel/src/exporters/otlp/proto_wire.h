// The protobuf wire format, written directly (internal): varints, tags, fixed-width and
// length-delimited fields, into a buffer whose size the caller computed beforehand.
//
// Why by hand: building the generated OTLP messages for a batch of spans and serializing
// them cost ~12k instructions per span (a message, a KeyValue and an AnyValue per
// attribute, each string copied twice, UTF-8 checks, a size pass and a write pass through
// virtual calls); sizing and writing the same bytes straight from our own types costs a
// small fraction of that. docs/otel-sdk.md has the measurements; the tests prove the
// bytes equal what libprotobuf serializes.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace otel::exporters::otlp::wire {

enum class WireType : std::uint32_t { kVarint = 0, kFixed64 = 1, kLen = 2, kFixed32 = 5 };

// Most varints on the OTLP hot path (lengths, small counts) are below 128: one byte,
// decided without a bit scan.
constexpr std::size_t varint_size(std::uint64_t v) {
  return v < 0x80 ? 1 : static_cast<std::size_t>((std::bit_width(v) + 6) / 7);
}
constexpr std::size_t tag_size(std::uint32_t field) {
  return varint_size(std::uint64_t{field} << 3);
}
// A length-delimited field (string, bytes, message) whose body is `n` bytes.
constexpr std::size_t len_field_size(std::uint32_t field, std::size_t n) {
  return tag_size(field) + varint_size(n) + n;
}
constexpr std::size_t varint_field_size(std::uint32_t field, std::uint64_t v) {
  return tag_size(field) + varint_size(v);
}
constexpr std::size_t fixed64_field_size(std::uint32_t field) {
  return tag_size(field) + 8;
}
constexpr std::size_t fixed32_field_size(std::uint32_t field) {
  return tag_size(field) + 4;
}

// Writes into [begin, end), which the caller sized with the matching size functions (one
// per message, mirroring its write function; the tests check that they agree). Should
// they ever disagree, the writer stops at the end instead of overrunning it, and
// complete() says the bytes are not to be sent.
//
// Two pointers, passed and returned by value (`w = write_x(w, ...)`): a writer held in
// locals stays in registers, where one reached through a reference would be reloaded
// after every byte stored (a char store may alias anything).
class Writer {
 public:
  Writer(char* begin, char* end) : p_(begin), end_(end) {}
  // Every byte written, none lost.
  bool complete(const char* expected_end) const { return end_ != nullptr && p_ == expected_end; }

  void varint(std::uint64_t v) {
    if (v < 0x80) {
      if (room(1)) *p_++ = static_cast<char>(v);
      return;
    }
    if (!room(varint_size(v))) return;
    while (v >= 0x80) {
      *p_++ = static_cast<char>(static_cast<std::uint8_t>(v) | 0x80);
      v >>= 7;
    }
    *p_++ = static_cast<char>(v);
  }
  void tag(std::uint32_t field, WireType type) {
    varint((std::uint64_t{field} << 3) | static_cast<std::uint32_t>(type));
  }
  // Fixed-width fields are little-endian on the wire whatever the host.
  void fixed32(std::uint32_t v) {
    if (!room(4)) return;
    for (int i = 0; i < 4; ++i) *p_++ = static_cast<char>(v >> (8 * i));
  }
  void fixed64(std::uint64_t v) {
    if (!room(8)) return;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(p_, &v, 8);
      p_ += 8;
    } else {
      for (int i = 0; i < 8; ++i) *p_++ = static_cast<char>(v >> (8 * i));
    }
  }
  void raw(std::string_view bytes) {
    if (bytes.empty() || !room(bytes.size())) return;
    std::memcpy(p_, bytes.data(), bytes.size());
    p_ += bytes.size();
  }

  // Fields. Proto3 leaves out fields that hold their default value; these write what
  // they are given, so callers skip defaults where the field has no presence.
  void len_header(std::uint32_t field, std::size_t body_size) {
    tag(field, WireType::kLen);
    varint(body_size);
  }
  void len_field(std::uint32_t field, std::string_view bytes) {
    len_header(field, bytes.size());
    raw(bytes);
  }
  void varint_field(std::uint32_t field, std::uint64_t v) {
    tag(field, WireType::kVarint);
    varint(v);
  }
  void fixed64_field(std::uint32_t field, std::uint64_t v) {
    tag(field, WireType::kFixed64);
    fixed64(v);
  }
  void fixed32_field(std::uint32_t field, std::uint32_t v) {
    tag(field, WireType::kFixed32);
    fixed32(v);
  }

 private:
  // Out of room: the end becomes null, so nothing more is written.
  bool room(std::size_t n) {
    if (end_ != nullptr && static_cast<std::size_t>(end_ - p_) >= n) return true;
    end_ = nullptr;
    return false;
  }

  char* p_;
  char* end_;
};

}  // namespace otel::exporters::otlp::wire
