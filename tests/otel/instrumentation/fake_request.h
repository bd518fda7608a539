// An httplib::Request as cpp-httplib's server fills it before a handler runs (GET over
// HTTP/1.1, the path taken from the target), for calling the server instrumentation
// without a socket (tests and benchmarks).
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>
#include <utility>

namespace otel_test {

inline httplib::Request FakeRequest(std::string_view target, std::string_view remote_addr,
                                    int remote_port, std::string_view local_addr, int local_port,
                                    httplib::Headers headers) {
  httplib::Request req;
  req.method = std::string("GET");  // (temporaries dodge GCC 12's false -Wrestrict)
  req.path = std::string(target.substr(0, target.find('?')));
  req.target = std::string(target);
  req.version = std::string("HTTP/1.1");
  req.remote_addr = std::string(remote_addr);
  req.remote_port = remote_port;
  req.local_addr = std::string(local_addr);
  req.local_port = local_port;
  req.headers = std::move(headers);
  return req;
}

}  // namespace otel_test
