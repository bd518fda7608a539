#include "otel/context/span_context.h"

#include <algorithm>

namespace otel::trace {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*' ||
         c == '/';
}
bool is_lcalpha(char c) {
  return c >= 'a' && c <= 'z';
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

template <std::size_t N>
void IdBytes<N>::write_hex(char* out) const {
  for (std::size_t i = 0; i < N; ++i) {
    out[2 * i] = kHexDigits[bytes[i] >> 4];
    out[2 * i + 1] = kHexDigits[bytes[i] & 15];
  }
}

template <std::size_t N>
std::string IdBytes<N>::to_hex() const {
  std::string out(2 * N, '0');
  write_hex(out.data());
  return out;
}

template <std::size_t N>
std::optional<IdBytes<N>> IdBytes<N>::from_hex(std::string_view hex) {
  if (hex.size() != 2 * N) return std::nullopt;
  IdBytes out;
  for (std::size_t i = 0; i < N; ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return out;
}

template <std::size_t N>
std::optional<IdBytes<N>> IdBytes<N>::from_bytes(std::string_view raw) {
  if (raw.size() != N) return std::nullopt;
  IdBytes out;
  std::copy(raw.begin(), raw.end(), reinterpret_cast<char*>(out.bytes.data()));
  return out;
}

template struct IdBytes<16>;
template struct IdBytes<8>;

const SpanContext& SpanContext::invalid() {
  static const SpanContext kInvalid;
  return kInvalid;
}

// ---- TraceState ----

bool TraceState::is_valid_key(std::string_view key) {
  if (key.empty() || key.size() > 256) return false;
  const auto at = key.find('@');
  if (at == std::string_view::npos) {
    if (!is_lcalpha(key[0])) return false;
    return std::all_of(key.begin(), key.end(), is_key_char);
  }
  const auto tenant = key.substr(0, at);
  const auto system = key.substr(at + 1);
  if (tenant.empty() || tenant.size() > 241 || system.empty() || system.size() > 14) return false;
  if (!(is_lcalpha(tenant[0]) || (tenant[0] >= '0' && tenant[0] <= '9'))) return false;
  if (!is_lcalpha(system[0])) return false;
  return std::all_of(tenant.begin(), tenant.end(), is_key_char) &&
         std::all_of(system.begin(), system.end(), is_key_char);
}

bool TraceState::is_valid_value(std::string_view value) {
  if (value.empty() || value.size() > 256) return false;
  if (value.back() == ' ') return false;
  return std::all_of(value.begin(), value.end(),
                     [](char c) { return c >= 0x20 && c <= 0x7E && c != ',' && c != '='; });
}

std::optional<TraceState> TraceState::parse(std::string_view header) {
  auto entries = std::make_shared<std::vector<Entry>>();
  std::string_view rest = header;
  bool more = true;
  while (more) {
    const auto comma = rest.find(',');
    more = comma != std::string_view::npos;
    const auto member = trim_ows(rest.substr(0, comma));
    if (more) rest.remove_prefix(comma + 1);
    if (member.empty()) continue;
    const auto eq = member.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const auto key = member.substr(0, eq);
    const auto value = member.substr(eq + 1);
    if (!is_valid_key(key) || !is_valid_value(value)) return std::nullopt;
    for (const auto& e : *entries)
      if (e.first == key) return std::nullopt;
    if (entries->size() == kMaxEntries) return std::nullopt;
    entries->emplace_back(std::string(key), std::string(value));
  }
  return TraceState(std::move(entries));
}

const std::vector<TraceState::Entry>& TraceState::entries() const {
  static const std::vector<Entry> kEmpty;
  return entries_ ? *entries_ : kEmpty;
}

std::string TraceState::to_header() const {
  std::string out;
  for (const auto& [k, v] : entries()) {
    if (!out.empty()) out += ',';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

std::optional<std::string_view> TraceState::get(std::string_view key) const {
  for (const auto& [k, v] : entries())
    if (k == key) return std::string_view(v);
  return std::nullopt;
}

std::optional<TraceState> TraceState::set(std::string_view key, std::string_view value) const {
  if (!is_valid_key(key) || !is_valid_value(value)) return std::nullopt;
  auto entries = std::make_shared<std::vector<Entry>>();
  entries->emplace_back(std::string(key), std::string(value));
  for (const auto& e : this->entries())
    if (e.first != key && entries->size() < kMaxEntries) entries->push_back(e);
  return TraceState(std::move(entries));
}

TraceState TraceState::remove(std::string_view key) const {
  auto entries = std::make_shared<std::vector<Entry>>();
  for (const auto& e : this->entries())
    if (e.first != key) entries->push_back(e);
  return TraceState(std::move(entries));
}

}  // namespace otel::trace
