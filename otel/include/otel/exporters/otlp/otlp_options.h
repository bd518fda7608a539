// OTLP exporter settings for one signal, from code or from the OTEL_EXPORTER_OTLP_*
// environment variables (per-signal variables win over the generic ones).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace otel::exporters::otlp {

enum class Signal { kTraces, kMetrics, kLogs };
// "traces", "metrics", "logs": the URL path suffix and the env-var infix (upper-cased).
std::string_view signal_name(Signal signal);

enum class Protocol { kGrpc, kHttpProtobuf, kHttpJson };
// "grpc", "http/protobuf", "http/json"; nullopt for anything else.
std::optional<Protocol> parse_protocol(std::string_view text);
std::string_view protocol_name(Protocol protocol);

enum class Compression { kNone, kGzip };

struct RetryPolicy {
  int max_attempts = 5;  // including the first; 1 disables retries
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{5000};
  double multiplier = 1.5;
};

struct OtlpExporterOptions {
  Signal signal = Signal::kTraces;
  // The specification's default protocol is http/protobuf.
  Protocol protocol = Protocol::kHttpProtobuf;
  // HTTP: the full request URL (e.g. http://localhost:4318/v1/traces).
  // gRPC: scheme://host:port (https → TLS, http → plaintext unless `insecure` says so).
  std::string endpoint;
  std::vector<std::pair<std::string, std::string>> headers;
  // The most one export may take, retries included.
  std::chrono::milliseconds timeout{10000};
  Compression compression = Compression::kNone;
  bool insecure = false;         // gRPC only: plaintext even for a non-http scheme
  std::string certificate_file;  // CA bundle (PEM) to verify the server
  std::string client_key_file;   // mTLS
  std::string client_certificate_file;
  RetryPolicy retry;

  // Defaults for `signal`, then OTEL_EXPORTER_OTLP_{,<SIGNAL>_}{ENDPOINT,PROTOCOL,HEADERS,
  // TIMEOUT,COMPRESSION,INSECURE,CERTIFICATE,CLIENT_KEY,CLIENT_CERTIFICATE}.
  static OtlpExporterOptions from_env(Signal signal);
  // http://localhost:4317 for gRPC, http://localhost:4318/v1/<signal> for HTTP.
  static std::string default_endpoint(Signal signal, Protocol protocol);
  // The generic endpoint with "/v1/<signal>" appended (HTTP), or as is (gRPC).
  static std::string endpoint_from_base(std::string_view base, Signal signal, Protocol protocol);
};

}  // namespace otel::exporters::otlp
