#include "config.h"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace viewer {
namespace {

struct Setting {
  const char* env;
  const char* flag;
  const char* help;
};

const Setting kSettings[] = {
    {"HOST", "--host", "address to bind every listener to (default 127.0.0.1)"},
    {"PORT", "--port", "web UI and JSON API port (default 16686)"},
    {"OTLP_GRPC_PORT", "--otlp-grpc-port", "OTLP/gRPC port (default 4317)"},
    {"OTLP_HTTP_PORT", "--otlp-http-port", "OTLP/HTTP port (default 4318)"},
    {"MAX_SPANS", "--max-spans", "spans kept (default 200000)"},
    {"MAX_LOGS", "--max-logs", "log records kept (default 200000)"},
    {"MAX_METRIC_POINTS", "--max-metric-points", "metric points kept (default 500000)"},
    {"MAX_BYTES", "--max-bytes", "approximate memory for all stored data (default 536870912)"},
    {"MAX_REQUEST_BYTES", "--max-request-bytes", "largest OTLP request body (default 16777216)"},
};

size_t ParseSize(const std::string& name, const std::string& text) {
  size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw std::invalid_argument(name + " must be a non-negative integer, got '" + text + "'");
  return value;
}

int ParsePort(const std::string& name, const std::string& text) {
  const size_t port = ParseSize(name, text);
  if (port == 0 || port > 65535)
    throw std::invalid_argument(name + " must be a port number 1-65535, got '" + text + "'");
  return static_cast<int>(port);
}

void Apply(Config& config, const std::string& env, const std::string& name,
           const std::string& value) {
  if (env == "HOST") {
    if (value.empty()) throw std::invalid_argument(name + " must not be empty");
    config.host = value;
  } else if (env == "PORT") {
    config.port = ParsePort(name, value);
  } else if (env == "OTLP_GRPC_PORT") {
    config.otlp_grpc_port = ParsePort(name, value);
  } else if (env == "OTLP_HTTP_PORT") {
    config.otlp_http_port = ParsePort(name, value);
  } else if (env == "MAX_SPANS") {
    config.limits.max_spans = ParseSize(name, value);
  } else if (env == "MAX_LOGS") {
    config.limits.max_logs = ParseSize(name, value);
  } else if (env == "MAX_METRIC_POINTS") {
    config.limits.max_metric_points = ParseSize(name, value);
  } else if (env == "MAX_BYTES") {
    config.limits.max_bytes = ParseSize(name, value);
  } else if (env == "MAX_REQUEST_BYTES") {
    config.max_request_bytes = ParseSize(name, value);
    if (config.max_request_bytes == 0) throw std::invalid_argument(name + " must be positive");
  }
}
}  // namespace

Config LoadConfig(const std::vector<std::string>& args) {
  Config config;
  for (const auto& setting : kSettings)
    if (const char* value = std::getenv(setting.env))
      Apply(config, setting.env, setting.env, value);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i], value;
    const auto eq = flag.find('=');
    if (eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw std::invalid_argument("flag " + flag + " needs a value (see --help)");
    }
    bool known = false;
    for (const auto& setting : kSettings) {
      if (flag == setting.flag) {
        Apply(config, setting.env, flag, value);
        known = true;
      }
    }
    if (!known) throw std::invalid_argument("unknown flag " + flag + " (see --help)");
  }
  return config;
}

std::string UsageText() {
  std::string text =
      "telemetry-viewer: receives OTLP (gRPC and HTTP) and serves a web UI, a JSON API and\n"
      "Prometheus /metrics for what it received. Settings (environment variable or flag):\n";
  for (const auto& setting : kSettings)
    text += "  " + std::string(setting.env) + " / " + setting.flag + "  " + setting.help + "\n";
  return text;
}

}  // namespace viewer
