// OTLP strings must be valid UTF-8: receivers (the Collector among them) reject
// the whole batch when one string is not, which loses every other request's
// telemetry with it. The SDK makes strings valid where they enter it (attribute
// values, log bodies, span names): ill-formed sequences — overlong forms,
// surrogates, bytes that start nothing, cut-off sequences — become U+FFFD, one per
// maximal ill-formed subpart (Unicode 15, section 3.9).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace otel {
namespace internal {
// The non-ASCII part of make_valid_utf8, from the first byte >= 0x80.
void repair_utf8(std::string& text, std::size_t from);
}  // namespace internal

// Length of the well-formed UTF-8 sequence at text[i] (1-4), or 0 when it is
// ill-formed; then *bad is the length of its maximal ill-formed subpart (>= 1).
inline std::size_t utf8_sequence_length(std::string_view text, std::size_t i, std::size_t* bad) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte (Table 3-7)
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    *bad = 1;
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const bool ok = i + k < text.size() &&
                    (k == 1 ? byte(k) >= low && byte(k) <= high : (byte(k) & 0xC0) == 0x80);
    if (!ok) {
      *bad = k;
      return 0;
    }
  }
  return length;
}

inline bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t bad;
    const std::size_t length = utf8_sequence_length(text, i, &bad);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

// Makes `text` valid UTF-8 in place. ASCII text (the usual case) is only read,
// 8 bytes at a time.
inline void make_valid_utf8(std::string& text) {
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
  }
  for (; i < size; ++i) {
    if (static_cast<unsigned char>(data[i]) >= 0x80) return internal::repair_utf8(text, i);
  }
}

}  // namespace otel
