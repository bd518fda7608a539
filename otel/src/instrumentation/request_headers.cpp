#include "instrumentation/request_headers.h"

#include <bit>
#include <cstdint>
#include <cstring>

namespace otel::instrumentation::httplib::detail {
namespace {

void keep_first(std::optional<std::string_view>& slot, const std::string& value) {
  if (!slot) slot = value;
}

// A lower-case header name of 4 to 16 characters as two (possibly overlapping) words:
// its first and last 4 bytes (shorter than 8) or 8 bytes, each with a mask that folds
// the case of its letters only. Comparing a request's header name is then two loads,
// two ORs and two compares, instead of a loop lower-casing every character.
struct FoldedName {
  std::size_t size;
  std::size_t width;  // 4 or 8
  std::uint64_t head, head_fold, tail, tail_fold;
};

constexpr std::uint64_t word_of(std::string_view s, std::size_t from, std::size_t width,
                                bool fold_mask) {
  std::uint64_t word = 0;
  for (std::size_t i = 0; i < width; ++i) {
    const char c = s[from + i];
    const std::uint64_t byte =
        fold_mask ? (c >= 'a' && c <= 'z' ? 0x20 : 0) : static_cast<unsigned char>(c);
    word |= byte << (8 * i);  // little-endian: the first character in the low byte
  }
  return word;
}

constexpr FoldedName folded(std::string_view lower) {
  const std::size_t width = lower.size() < 8 ? 4 : 8;
  const std::size_t tail = lower.size() - width;
  return {lower.size(),
          width,
          word_of(lower, 0, width, false),
          word_of(lower, 0, width, true),
          word_of(lower, tail, width, false),
          word_of(lower, tail, width, true)};
}

static_assert(std::endian::native == std::endian::little, "FoldedName assumes little-endian");

constexpr FoldedName kHost = folded("host");
constexpr FoldedName kBaggage = folded("baggage");
constexpr FoldedName kUserAgent = folded("user-agent");
constexpr FoldedName kTracestate = folded("tracestate");
constexpr FoldedName kTraceparent = folded("traceparent");

template <class Word>
std::uint64_t load(const char* p) {
  Word word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

bool is(const std::string& name, const FoldedName& lower) {
  if (name.size() != lower.size) return false;
  const char* last = name.data() + name.size() - lower.width;
  const bool wide = lower.width == 8;
  const std::uint64_t head =
      wide ? load<std::uint64_t>(name.data()) : load<std::uint32_t>(name.data());
  const std::uint64_t tail = wide ? load<std::uint64_t>(last) : load<std::uint32_t>(last);
  return (head | lower.head_fold) == lower.head && (tail | lower.tail_fold) == lower.tail;
}

}  // namespace

RequestHeaders::RequestHeaders(const ::httplib::Headers& headers) : headers_(headers) {
  for (const auto& [name, value] : headers) {
    // The length picks the candidates worth comparing.
    switch (name.size()) {
      case 4:
        if (is(name, kHost)) keep_first(host_, value);
        break;
      case 7:
        if (is(name, kBaggage)) keep_first(baggage_, value);
        break;
      case 10:
        if (is(name, kUserAgent)) {
          keep_first(user_agent_, value);
        } else if (is(name, kTracestate)) {
          keep_first(tracestate_, value);
        }
        break;
      case 11:
        if (is(name, kTraceparent)) keep_first(traceparent_, value);
        break;
      default:
        break;
    }
  }
}

std::optional<std::string_view> RequestHeaders::get(std::string_view key) const {
  if (key == "traceparent") return traceparent_;
  if (key == "tracestate") return tracestate_;
  if (key == "baggage") return baggage_;
  // Another propagator's field (or a key not in lower case): look it up.
  for (const auto& [name, value] : headers_)
    if (propagation::header_names_equal(name, key)) return std::string_view(value);
  return std::nullopt;
}

std::vector<std::string> RequestHeaders::keys() const {
  std::vector<std::string> out;
  out.reserve(headers_.size());
  for (const auto& header : headers_) out.push_back(header.first);
  return out;
}

}  // namespace otel::instrumentation::httplib::detail
