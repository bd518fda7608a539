// One wire attempt of an OTLP export (internal): the gRPC and HTTP channels behind
// OtlpTransport, which adds deadlines, retries and partial-success handling.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "otel/exporters/otlp/otlp_options.h"

namespace google::protobuf {
class Message;
}

namespace otel::exporters::otlp::detail {

struct Attempt {
  bool ok = false;
  bool retryable = false;
  int status_code = -1;  // HTTP status or gRPC code; -1 when nothing answered
  std::string error;
  std::optional<std::chrono::milliseconds> retry_after;  // server-requested delay
};

// One export request: its protobuf wire bytes, and for OTLP/JSON (which needs the
// message) the message itself.
struct Payload {
  std::string_view protobuf;
  const google::protobuf::Message* message = nullptr;  // set when the protocol is JSON
};

class Channel {
 public:
  virtual ~Channel() = default;
  // Sends `request`, fills `response` (the signal's Export*ServiceResponse) on success.
  virtual Attempt send(const Payload& request, google::protobuf::Message& response,
                       std::chrono::milliseconds budget) = 0;
  // Ends a send in flight now (it fails) and makes later sends fail at once: the owner is
  // shutting down and will not wait for the collector any longer. Any thread.
  virtual void cancel() = 0;
};

std::unique_ptr<Channel> make_grpc_channel(const OtlpExporterOptions& options);
std::unique_ptr<Channel> make_http_channel(const OtlpExporterOptions& options);

// gzip (RFC 1952) of `data`.
std::string gzip_compress(std::string_view data);
// "Retry-After" as delay-seconds or an HTTP-date.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value);

}  // namespace otel::exporters::otlp::detail
