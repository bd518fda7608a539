// Settings from the environment, overridden by command-line flags.
#pragma once

#include <string>
#include <vector>

#include "store.h"

namespace viewer {

struct Config {
  std::string host = "127.0.0.1";
  int port = 16686;  // web UI + JSON API (Jaeger's UI port: familiar, and not the app's 5000)
  int otlp_grpc_port = 4317;
  int otlp_http_port = 4318;
  StoreLimits limits;
  size_t max_request_bytes = 16u << 20;  // per OTLP request, compressed or not
};

// Reads HOST, PORT, OTLP_GRPC_PORT, OTLP_HTTP_PORT, MAX_SPANS, MAX_LOGS,
// MAX_METRIC_POINTS, MAX_BYTES, MAX_REQUEST_BYTES, then flags of the same names
// (--host, --port, --otlp-grpc-port, ..., --max-request-bytes). Throws
// std::invalid_argument with a one-line message naming the bad setting.
Config LoadConfig(const std::vector<std::string>& args);
std::string UsageText();

}  // namespace viewer
