#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <mutex>

#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "otel/propagation/text_map.h"
#include "otel/trace/span.h"

namespace otel::propagation {
namespace {

bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool all_lower_hex(std::string_view s) {
  for (char c : s)
    if (!is_lower_hex(c)) return false;
  return true;
}

// Lower-case hex digit values; -1 for every other character (W3C trace context only
// allows lower case). A table: parsing is on every incoming request.
constexpr std::array<std::int8_t, 256> kLowerHex = [] {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) table[c] = static_cast<std::int8_t>(c - 'a' + 10);
  return table;
}();

// Eight lower-case hex digits (one 64-bit load) into four bytes; false unless all are
// 0-9 or a-f. Byte-wise arithmetic in one word (SWAR): once every byte is known to be
// below 0x80, adding a constant below 0x80 to each byte cannot carry into the next, so
// each byte's high bit answers one range test for it.
bool decode8_lower_hex(const char* hex, std::uint8_t* out) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = kOnes * 0x80;
  std::uint64_t w;
  std::memcpy(&w, hex, 8);
  if ((w & kHigh) != 0) return false;
  const std::uint64_t digit = (w + kOnes * (0x80 - '0')) & ~(w + kOnes * (0x80 - '9' - 1));
  const std::uint64_t letter = (w + kOnes * (0x80 - 'a')) & ~(w + kOnes * (0x80 - 'f' - 1));
  if (((digit | letter) & kHigh) != kHigh) return false;
  // A digit's value is its low nibble, a letter's its low nibble + 9 ('a' is 0x61).
  const std::uint64_t values = (w & (kOnes * 0x0F)) + ((letter >> 7) & kOnes) * 9;
  // The first character of each pair (the lower byte) is the high nibble; then the four
  // even bytes move together.
  std::uint64_t packed = ((values << 4) | (values >> 8)) & 0x00FF00FF00FF00FFULL;
  packed = (packed | (packed >> 8)) & 0x0000FFFF0000FFFFULL;
  packed = (packed | (packed >> 16)) & 0x00000000FFFFFFFFULL;
  const auto four = static_cast<std::uint32_t>(packed);
  std::memcpy(out, &four, 4);
  return true;
}

static_assert(std::endian::native == std::endian::little, "decode8_lower_hex is little-endian");

// 2*N hex digits at `hex` into out[N]; false on any non-lower-hex digit.
template <std::size_t N>
bool decode_lower_hex(const char* hex, std::uint8_t* out) {
  if constexpr (N % 4 == 0) {
    bool ok = true;
    for (std::size_t i = 0; i < N / 4; ++i) ok &= decode8_lower_hex(hex + 8 * i, out + 4 * i);
    return ok;
  } else {
    int bad = 0;
    for (std::size_t i = 0; i < N; ++i) {
      // kLowerHex is signed on purpose: -1 marks a non-digit, and `bad` collects the sign.
      // NOLINTBEGIN(bugprone-signed-char-misuse)
      const int hi = static_cast<int>(kLowerHex[static_cast<unsigned char>(hex[2 * i])]);
      const int lo = static_cast<int>(kLowerHex[static_cast<unsigned char>(hex[2 * i + 1])]);
      // NOLINTEND(bugprone-signed-char-misuse)
      bad |= hi | lo;  // negative if either was not a digit
      out[i] = static_cast<std::uint8_t>((hi << 4) | (lo & 15));
    }
    return bad >= 0;
  }
}

class NoopPropagator final : public TextMapPropagator {
 public:
  void inject(const Context&, TextMapCarrier&) const override {}
  Context extract(const TextMapCarrier&, const Context& context) const override { return context; }
  std::vector<std::string> fields() const override { return {}; }
};

// RFC 7230 token characters (W3C baggage keys).
bool is_token_char(char c) {
  if (c <= 0x20 || c >= 0x7F) return false;
  switch (c) {
    case '(':
    case ')':
    case ',':
    case '/':
    case ':':
    case ';':
    case '<':
    case '=':
    case '>':
    case '?':
    case '@':
    case '[':
    case '\\':
    case ']':
    case '{':
    case '}':
    case '"':
      return false;
    default:
      return true;
  }
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

// ---- W3C Trace Context ----

namespace {

constexpr std::size_t kTraceparentSize = 55;  // "00-" 32 hex "-" 16 hex "-" 2 hex

// Formats into a fixed buffer: inject hands it to the carrier without building strings.
std::string_view write_traceparent(const trace::SpanContext& sc, char (&out)[kTraceparentSize]) {
  out[0] = '0';
  out[1] = '0';
  out[2] = '-';
  sc.trace_id().write_hex(out + 3);
  out[35] = '-';
  sc.span_id().write_hex(out + 36);
  out[52] = '-';
  static constexpr char kHex[] = "0123456789abcdef";
  const std::uint8_t flags = sc.trace_flags().value();
  out[53] = kHex[flags >> 4];
  out[54] = kHex[flags & 15];
  return {out, kTraceparentSize};
}

}  // namespace

std::string TraceContextPropagator::format_traceparent(const trace::SpanContext& sc) {
  if (!sc.is_valid()) return {};
  char buffer[kTraceparentSize];
  return std::string(write_traceparent(sc, buffer));
}

std::optional<trace::SpanContext> TraceContextPropagator::parse(std::string_view tp,
                                                                std::string_view tracestate) {
  // version "-" trace-id "-" parent-id "-" trace-flags: 2+1+32+1+16+1+2 = 55 characters.
  tp = trim_ows(tp);
  if (tp.size() < 55) return std::nullopt;
  const auto version = tp.substr(0, 2);
  if (!all_lower_hex(version) || version == "ff") return std::nullopt;
  if (version == "00" && tp.size() != 55) return std::nullopt;
  // A future version may append fields, always after another '-'.
  if (tp.size() > 55 && tp[55] != '-') return std::nullopt;
  if (tp[2] != '-' || tp[35] != '-' || tp[52] != '-') return std::nullopt;
  trace::TraceId trace_id;
  trace::SpanId span_id;
  std::uint8_t flags = 0;
  if (!decode_lower_hex<16>(tp.data() + 3, trace_id.bytes.data()) ||
      !decode_lower_hex<8>(tp.data() + 36, span_id.bytes.data()) ||
      !decode_lower_hex<1>(tp.data() + 53, &flags))
    return std::nullopt;
  if (!trace_id.is_valid() || !span_id.is_valid()) return std::nullopt;
  trace::TraceState state;
  if (!tracestate.empty()) {
    if (auto parsed = trace::TraceState::parse(tracestate)) state = std::move(*parsed);
  }
  // Only the sampled bit is defined for version 00; other bits are not propagated.
  return trace::SpanContext(trace_id, span_id,
                            trace::TraceFlags(flags & trace::TraceFlags::kSampled), true,
                            std::move(state));
}

void TraceContextPropagator::inject(const Context& context, TextMapCarrier& carrier) const {
  const auto& sc = context.span_context();
  if (!sc.is_valid()) return;
  char buffer[kTraceparentSize];
  carrier.set("traceparent", write_traceparent(sc, buffer));
  if (!sc.trace_state().empty()) carrier.set("tracestate", sc.trace_state().to_header());
}

Context TraceContextPropagator::extract(const TextMapCarrier& carrier,
                                        const Context& context) const {
  const auto traceparent = carrier.get("traceparent");
  if (!traceparent) return context;
  const auto tracestate = carrier.get("tracestate");
  auto sc = parse(*traceparent, tracestate.value_or(std::string_view()));
  if (!sc) return context;
  return context.with_span(std::make_shared<trace::Span>(std::move(*sc)));
}

// ---- W3C Baggage ----

Baggage BaggagePropagator::parse(std::string_view header) {
  Baggage out;
  if (header.size() > kMaxBytes) return out;
  std::string_view rest = header;
  bool more = true;
  while (more) {
    const auto comma = rest.find(',');
    more = comma != std::string_view::npos;
    const auto member = rest.substr(0, comma);
    if (more) rest.remove_prefix(comma + 1);
    if (out.size() >= kMaxMembers) break;
    const auto semicolon = member.find(';');
    const auto pair = member.substr(0, semicolon);
    const auto metadata = semicolon == std::string_view::npos
                              ? std::string_view()
                              : trim_ows(member.substr(semicolon + 1));
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const auto key = trim_ows(pair.substr(0, eq));
    const auto raw_value = trim_ows(pair.substr(eq + 1));
    if (key.empty()) continue;
    bool key_ok = true;
    for (char c : key) key_ok = key_ok && is_token_char(c);
    if (!key_ok) continue;
    bool value_ok = true;
    for (unsigned char c : raw_value)
      value_ok = value_ok && (c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
                              (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E));
    if (!value_ok) continue;
    auto value = env::percent_decode(raw_value);
    if (!value) continue;
    out = out.set(key, *value, metadata);
  }
  return out;
}

std::string BaggagePropagator::format(const Baggage& baggage) {
  std::string out;
  std::size_t members = 0;
  for (const auto& e : baggage.entries()) {
    if (members == kMaxMembers) break;
    std::string member = e.key + "=" + env::percent_encode(e.value);
    if (!e.metadata.empty()) member += ";" + e.metadata;
    if (out.size() + member.size() + 1 > kMaxBytes) continue;
    if (!out.empty()) out += ',';
    out += member;
    ++members;
  }
  return out;
}

void BaggagePropagator::inject(const Context& context, TextMapCarrier& carrier) const {
  if (context.baggage().empty()) return;
  auto header = format(context.baggage());
  if (!header.empty()) carrier.set("baggage", header);
}

Context BaggagePropagator::extract(const TextMapCarrier& carrier, const Context& context) const {
  const auto header = carrier.get("baggage");
  if (!header) return context;
  Baggage parsed = parse(*header);
  if (parsed.empty()) return context;
  return context.with_baggage(std::move(parsed));
}

// ---- composite and global ----

void CompositePropagator::inject(const Context& context, TextMapCarrier& carrier) const {
  for (const auto& p : parts_) p->inject(context, carrier);
}

Context CompositePropagator::extract(const TextMapCarrier& carrier, const Context& context) const {
  Context out = context;
  for (const auto& p : parts_) out = p->extract(carrier, out);
  return out;
}

std::vector<std::string> CompositePropagator::fields() const {
  std::vector<std::string> out;
  for (const auto& p : parts_)
    for (auto& f : p->fields()) out.push_back(std::move(f));
  return out;
}

namespace {
struct GlobalPropagator {
  std::mutex mutex;
  std::shared_ptr<const TextMapPropagator> propagator = std::make_shared<NoopPropagator>();
};
GlobalPropagator& global() {
  // The specification's default (OTEL_PROPAGATORS, else tracecontext,baggage), so a
  // service that sets its providers up by hand propagates context without another call.
  static auto* g = [] {  // leaked: usable during static destruction
    auto* state = new GlobalPropagator();
    state->propagator = propagator_from_env();
    return state;
  }();
  return *g;
}
}  // namespace

std::shared_ptr<const TextMapPropagator> global_propagator() {
  auto& g = global();
  std::lock_guard lock(g.mutex);
  return g.propagator;
}

void set_global_propagator(std::shared_ptr<const TextMapPropagator> propagator) {
  auto& g = global();
  std::lock_guard lock(g.mutex);
  g.propagator = propagator ? std::move(propagator) : std::make_shared<NoopPropagator>();
}

std::shared_ptr<const TextMapPropagator> propagator_from_names(
    const std::vector<std::string>& names) {
  std::vector<std::shared_ptr<const TextMapPropagator>> parts;
  for (const auto& raw : names) {
    const auto name = env::to_lower(env::trim(raw));
    if (name == "none") return std::make_shared<NoopPropagator>();
    if (name == "tracecontext") {
      parts.push_back(std::make_shared<TraceContextPropagator>());
    } else if (name == "baggage") {
      parts.push_back(std::make_shared<BaggagePropagator>());
    } else {
      internal::warn("OTEL_PROPAGATORS: unsupported propagator '" + raw + "' ignored");
    }
  }
  return std::make_shared<CompositePropagator>(std::move(parts));
}

std::shared_ptr<const TextMapPropagator> propagator_from_env() {
  auto names = env::get_list("OTEL_PROPAGATORS");
  if (names.empty()) names = {"tracecontext", "baggage"};
  return propagator_from_names(names);
}

void inject_current(TextMapCarrier& carrier) {
  global_propagator()->inject(Context::current(), carrier);
}

Context extract_to_context(const TextMapCarrier& carrier) {
  return global_propagator()->extract(carrier, Context::current());
}

}  // namespace otel::propagation
