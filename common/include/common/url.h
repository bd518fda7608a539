// Small URL helpers for the HTTP client: split a base URL, encode a query.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace common {

struct UrlParts {
  std::string origin;  // "http://host:port" (what httplib::Client takes)
  std::string path;    // "/..." including any query string; "/" when empty
};

// nullopt unless `url` is http:// or https:// with a host and, if it names a port,
// one from 1 to 65535.
std::optional<UrlParts> SplitUrl(std::string_view url);

struct HostAndPort {
  std::string_view host;  // as written: a name, an IPv4 address or "[v6 address]"
  int port;
};

// "host", "host:port", "[::1]" or "[::1]:port"; `default_port` when no port is named,
// nullopt when the port is not a number from 1 to 65535 or the host is empty, holds a
// ':' outside brackets, or opens a bracket it does not close.
std::optional<HostAndPort> SplitAuthority(std::string_view authority, int default_port);

// Percent-encodes everything but unreserved characters (RFC 3986).
std::string PercentEncode(std::string_view text);

using QueryParams = std::vector<std::pair<std::string, std::string>>;
// "a=1&b=x%20y" in the given order.
std::string EncodeQuery(const QueryParams& params);

// Joins a base path and a sub-path with exactly one '/' between them.
std::string JoinPath(std::string_view base, std::string_view sub);

}  // namespace common
