// The low-cardinality error.type of an httplib transport error, in its own file so that
// common::SendRequest (issue #17: one mapping for the services' client and the
// instrumentation) links it without the rest of the instrumentation.
#include "otel/instrumentation/httplib.h"

namespace otel::instrumentation::httplib {

std::string error_type_for(::httplib::Error error, std::chrono::steady_clock::duration elapsed,
                           std::optional<std::chrono::milliseconds> read_timeout) {
  using ::httplib::Error;
  switch (error) {
    case Error::Success:
      return "_OTHER";
    case Error::Connection:
      return "connection_failed";
    case Error::ConnectionTimeout:
      return "connection_timeout";
    case Error::Read:
      return read_timeout && elapsed >= *read_timeout * 9 / 10 ? "timeout" : "read_error";
    case Error::Write:
      return "write_error";
    case Error::BindIPAddress:
      return "bind_ip_address";
    case Error::ExceedRedirectCount:
      return "too_many_redirects";
    case Error::Canceled:
      return "canceled";
    case Error::SSLConnection:
      return "ssl_connection";
    case Error::SSLLoadingCerts:
      return "ssl_loading_certs";
    case Error::SSLServerVerification:
      return "ssl_server_verification";
    case Error::UnsupportedMultipartBoundaryChars:
      return "unsupported_multipart_boundary_chars";
    case Error::Compression:
      return "compression";
    case Error::Unknown:
      break;
  }
  return "_OTHER";
}

}  // namespace otel::instrumentation::httplib
