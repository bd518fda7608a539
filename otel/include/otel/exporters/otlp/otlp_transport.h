// Sends one OTLP export request (ExportTraceServiceRequest, ExportMetricsServiceRequest
// or ExportLogsServiceRequest) over gRPC, HTTP/protobuf or HTTP/JSON, with compression,
// headers, a deadline and retries (exponential backoff with jitter on retryable codes:
// HTTP 429/502/503/504 honouring Retry-After; gRPC CANCELLED, DEADLINE_EXCEEDED,
// ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS, and RESOURCE_EXHAUSTED with RetryInfo).
// Thread-safe; each send() blocks its caller (an exporter's worker thread) for at most
// options.timeout. Once shutdown has begun (begin_shutdown), a send makes ONE attempt
// bounded by the shutdown deadline: a process that is exiting does not wait out backoffs
// for a collector that is failing.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "otel/exporters/otlp/otlp_options.h"

namespace google::protobuf {
class Message;
}

namespace otel::exporters::otlp {
namespace detail {
struct Payload;
}

struct PartialSuccess {
  std::int64_t rejected = 0;  // rejected spans / data points / log records
  std::string error_message;
};

struct SendOutcome {
  bool ok = false;
  int attempts = 0;
  // The last HTTP status, or gRPC status code (0 = OK); -1 when nothing answered.
  int status_code = -1;
  std::string error;  // why it failed (empty on success)
  std::optional<PartialSuccess> partial_success;
};

class OtlpTransport {
 public:
  explicit OtlpTransport(OtlpExporterOptions options);
  ~OtlpTransport();
  OtlpTransport(const OtlpTransport&) = delete;
  OtlpTransport& operator=(const OtlpTransport&) = delete;

  // `request` must be the Export*ServiceRequest of options().signal.
  SendOutcome send(const google::protobuf::Message& request);
  // The same request already serialized (protobuf wire format): sent as it is over gRPC
  // and OTLP/HTTP protobuf; for OTLP/JSON it is parsed back into the message first.
  SendOutcome send_serialized(std::string_view request);
  // The owner is shutting down and will stop waiting at `deadline`: aborts a wait between
  // retries, and from now on a send makes one attempt that ends by `deadline` (a send
  // already on the wire keeps its own deadline: gRPC/libcurl cannot shorten it).
  void begin_shutdown(std::chrono::steady_clock::time_point deadline);
  // Aborts waits between retries, cancels a send in flight and makes later sends fail
  // fast. Any thread.
  void shutdown();
  const OtlpExporterOptions& options() const;

 private:
  SendOutcome send_payload(const detail::Payload& request);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace otel::exporters::otlp
