// Internal to service_common: where an HTTP/1.1 head ends, for the guarded server (request
// heads) and the services' client (response heads).
#pragma once

#include <cstddef>
#include <string_view>

namespace common {

// Where the blank line that ends a head ("\n\r\n" or "\n\n") ends, searching from
// `from`; npos if it is not there yet. A caller that reads a head in pieces passes
// what it has already searched (less the last two bytes, where the terminator may
// straddle), so each byte is searched once.
inline std::size_t HttpHeadEnd(std::string_view data, std::size_t from) {
  for (std::size_t i = data.find('\n', from); i != std::string_view::npos;
       i = data.find('\n', i + 1)) {
    if (i + 1 < data.size() && data[i + 1] == '\n') return i + 2;
    if (i + 2 < data.size() && data[i + 1] == '\r' && data[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

}  // namespace common
