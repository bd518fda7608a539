#include "otel/exporters/otlp/otlp_options.h"

#include "otel/common/env.h"
#include "otel/common/internal_log.h"

namespace otel::exporters::otlp {

std::string_view signal_name(Signal signal) {
  switch (signal) {
    case Signal::kTraces:
      return "traces";
    case Signal::kMetrics:
      return "metrics";
    case Signal::kLogs:
      return "logs";
  }
  return "traces";
}

std::optional<Protocol> parse_protocol(std::string_view text) {
  const auto lower = env::to_lower(env::trim(text));
  if (lower == "grpc") return Protocol::kGrpc;
  if (lower == "http/protobuf") return Protocol::kHttpProtobuf;
  if (lower == "http/json") return Protocol::kHttpJson;
  return std::nullopt;
}

std::string_view protocol_name(Protocol protocol) {
  switch (protocol) {
    case Protocol::kGrpc:
      return "grpc";
    case Protocol::kHttpProtobuf:
      return "http/protobuf";
    case Protocol::kHttpJson:
      return "http/json";
  }
  return "http/protobuf";
}

std::string OtlpExporterOptions::default_endpoint(Signal signal, Protocol protocol) {
  if (protocol == Protocol::kGrpc) return "http://localhost:4317";
  return "http://localhost:4318/v1/" + std::string(signal_name(signal));
}

std::string OtlpExporterOptions::endpoint_from_base(std::string_view base, Signal signal,
                                                    Protocol protocol) {
  std::string out(base);
  if (protocol == Protocol::kGrpc) return out;
  if (out.empty() || out.back() != '/') out += '/';
  out += "v1/";
  out += signal_name(signal);
  return out;
}

namespace {

// Per-signal variable if set, else the generic one.
std::optional<std::string> pick(Signal signal, const char* suffix, std::string* used = nullptr) {
  std::string upper(signal_name(signal));
  for (auto& c : upper) c = static_cast<char>(c - 'a' + 'A');
  const std::string specific = "OTEL_EXPORTER_OTLP_" + upper + "_" + suffix;
  if (auto v = env::get_string(specific.c_str())) {
    if (used) *used = specific;
    return v;
  }
  const std::string generic = std::string("OTEL_EXPORTER_OTLP_") + suffix;
  if (used) *used = generic;
  return env::get_string(generic.c_str());
}

std::string specific_name(Signal signal, const char* suffix) {
  std::string upper(signal_name(signal));
  for (auto& c : upper) c = static_cast<char>(c - 'a' + 'A');
  return "OTEL_EXPORTER_OTLP_" + upper + "_" + suffix;
}

}  // namespace

OtlpExporterOptions OtlpExporterOptions::from_env(Signal signal) {
  OtlpExporterOptions o;
  o.signal = signal;
  std::string name;
  if (auto v = pick(signal, "PROTOCOL", &name)) {
    if (auto p = parse_protocol(*v))
      o.protocol = *p;
    else
      internal::warn(name + "='" + *v + "' is not grpc, http/protobuf or http/json; using " +
                     std::string(protocol_name(o.protocol)));
  }
  // A per-signal endpoint is used as is; the generic one gets /v1/<signal> for HTTP.
  if (auto v = env::get_string(specific_name(signal, "ENDPOINT").c_str())) {
    o.endpoint = *v;
  } else if (auto base = env::get_string("OTEL_EXPORTER_OTLP_ENDPOINT")) {
    o.endpoint = endpoint_from_base(*base, signal, o.protocol);
  } else {
    o.endpoint = default_endpoint(signal, o.protocol);
  }
  // Generic headers first, then per-signal ones override the same keys.
  for (auto& kv : env::get_key_value_list("OTEL_EXPORTER_OTLP_HEADERS")) o.headers.push_back(kv);
  for (auto& [k, v] : env::get_key_value_list(specific_name(signal, "HEADERS").c_str())) {
    bool replaced = false;
    for (auto& existing : o.headers)
      if (env::to_lower(existing.first) == env::to_lower(k)) {
        existing.second = v;
        replaced = true;
      }
    if (!replaced) o.headers.emplace_back(k, v);
  }
  const auto specific_timeout = env::get_duration_ms(specific_name(signal, "TIMEOUT").c_str());
  if (specific_timeout) {
    o.timeout = *specific_timeout;
  } else if (auto t = env::get_duration_ms("OTEL_EXPORTER_OTLP_TIMEOUT")) {
    o.timeout = *t;
  }
  if (auto v = pick(signal, "COMPRESSION", &name)) {
    const auto lower = env::to_lower(*v);
    if (lower == "gzip")
      o.compression = Compression::kGzip;
    else if (lower != "none")
      internal::warn(name + "='" + *v + "' is not gzip or none; not compressing");
  }
  if (auto v = pick(signal, "INSECURE")) o.insecure = env::to_lower(*v) == "true";
  if (auto v = pick(signal, "CERTIFICATE")) o.certificate_file = *v;
  if (auto v = pick(signal, "CLIENT_KEY")) o.client_key_file = *v;
  if (auto v = pick(signal, "CLIENT_CERTIFICATE")) o.client_certificate_file = *v;
  return o;
}

}  // namespace otel::exporters::otlp
