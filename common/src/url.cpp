#include "common/url.h"

#include <charconv>

namespace common {

namespace {
// A name or IPv4 address without ':', or an IPv6 literal in brackets.
bool UsableHost(std::string_view host) {
  if (host.empty()) return false;
  if (host.front() == '[') return host.size() > 2 && host.back() == ']';
  return host.find_first_of(":[]") == std::string_view::npos;
}
}  // namespace

std::optional<HostAndPort> SplitAuthority(std::string_view authority, int default_port) {
  // The port follows the last ':' unless that is inside an IPv6 literal ("[::1]").
  const std::size_t colon = authority.rfind(':');
  const std::size_t bracket = authority.rfind(']');
  if (colon == std::string_view::npos || (bracket != std::string_view::npos && colon < bracket)) {
    if (!UsableHost(authority)) return std::nullopt;
    return HostAndPort{authority, default_port};
  }
  if (!UsableHost(authority.substr(0, colon))) return std::nullopt;
  const std::string_view digits = authority.substr(colon + 1);
  int port = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || port <= 0 ||
      port > 65535) {
    return std::nullopt;
  }
  return HostAndPort{authority.substr(0, colon), port};
}

std::optional<UrlParts> SplitUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  size_t host_start = scheme_end + 3;
  size_t path_start = url.find_first_of("/?", host_start);
  std::string_view authority =
      url.substr(host_start, path_start == std::string_view::npos ? std::string_view::npos
                                                                  : path_start - host_start);
  // SplitAuthority refuses an empty host or a bad port (the default port is not used here).
  if (authority.find_first_of(" @#") != std::string_view::npos || !SplitAuthority(authority, 0)) {
    return std::nullopt;
  }
  // "http://host?x=1" means path "/" with that query.
  std::string_view rest =
      path_start == std::string_view::npos ? std::string_view() : url.substr(path_start);
  std::string path(rest.empty() || rest.front() == '?' ? 1 : 0, '/');
  path.append(rest);
  UrlParts parts{std::string(url.substr(0, host_start)) + std::string(authority), std::move(path)};
  return parts;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string EncodeQuery(const QueryParams& params) {
  std::string query;
  for (const auto& [key, value] : params) {
    if (!query.empty()) query += '&';
    query += PercentEncode(key) + '=' + PercentEncode(value);
  }
  return query;
}

std::string JoinPath(std::string_view base, std::string_view sub) {
  std::string joined(base);
  while (!joined.empty() && joined.back() == '/') joined.pop_back();
  if (sub.empty() || sub.front() != '/') joined += '/';
  joined += sub;
  return joined;
}

}  // namespace common
