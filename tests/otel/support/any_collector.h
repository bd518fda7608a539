// One face over the fake collectors, so a fault test runs unchanged against OTLP/gRPC
// (FakeGrpcMetricsLogsCollector) and OTLP/HTTP protobuf (FakeHttpCollector), or against
// nothing at all (absent: a free port nobody listens on).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "otel/exporters/otlp/otlp_options.h"
#include "process.h"
#include "support/fake_grpc_collector.h"

namespace oteltest {

class AnyCollector {
 public:
  using Protocol = otel::exporters::otlp::Protocol;
  using Signal = otel::exporters::otlp::Signal;
  using MetricsRequest = FakeGrpcMetricsLogsCollector::MetricsRequest;
  using LogsRequest = FakeGrpcMetricsLogsCollector::LogsRequest;

  AnyCollector(Protocol protocol, bool absent = false) : protocol_(protocol) {
    if (absent) {
      absent_port_ = testsupport::FreePort();
    } else if (protocol == Protocol::kGrpc) {
      grpc_ = std::make_unique<FakeGrpcMetricsLogsCollector>();
    } else {
      http_ = std::make_unique<FakeHttpCollector>();
    }
  }

  // Exporter options pointing here, with short retries so tests stay fast.
  otel::exporters::otlp::OtlpExporterOptions Options(Signal signal) const {
    otel::exporters::otlp::OtlpExporterOptions o;
    o.signal = signal;
    o.protocol = protocol_;
    const std::string base = "http://127.0.0.1:" + std::to_string(absent_port_ ? absent_port_
                                                                  : grpc_      ? grpc_->port()
                                                                               : http_->port());
    o.endpoint =
        otel::exporters::otlp::OtlpExporterOptions::endpoint_from_base(base, signal, protocol_);
    o.timeout = std::chrono::milliseconds(2000);
    o.retry.initial_backoff = std::chrono::milliseconds(20);
    o.retry.max_backoff = std::chrono::milliseconds(50);
    return o;
  }

  // The transport's "try again" answer: UNAVAILABLE over gRPC, 503 over HTTP.
  void ScriptUnavailableOnce() {
    Script({protocol_ == Protocol::kGrpc ? 14 : 503, "", "", std::chrono::milliseconds(0)});
  }
  void ScriptSlow(std::chrono::milliseconds delay) { Script({200, "", "", delay}); }

  size_t Calls() const { return grpc_ ? grpc_->calls() : http_ ? http_->requests().size() : 0; }
  bool WaitForCalls(size_t n, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (Calls() < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return Calls() >= n;
  }

  // Every call received, decoded (failed attempts included).
  std::vector<MetricsRequest> Metrics() const { return Decode<MetricsRequest>(); }
  std::vector<LogsRequest> Logs() const { return Decode<LogsRequest>(); }

 private:
  void Script(ScriptedAnswer answer) {
    if (grpc_) grpc_->script({answer});
    if (http_) http_->script({answer});
  }

  template <typename Request>
  std::vector<Request> Decode() const {
    if (grpc_) {
      if constexpr (std::is_same_v<Request, MetricsRequest>)
        return grpc_->metrics_requests();
      else
        return grpc_->logs_requests();
    }
    std::vector<Request> out;
    if (!http_) return out;
    const std::string path = std::is_same_v<Request, MetricsRequest> ? "/v1/metrics" : "/v1/logs";
    for (const auto& r : http_->requests()) {
      Request request;
      if (r.path != path) continue;
      if (request.ParseFromString(r.body)) out.push_back(std::move(request));
    }
    return out;
  }

  Protocol protocol_;
  int absent_port_ = 0;
  std::unique_ptr<FakeGrpcMetricsLogsCollector> grpc_;
  std::unique_ptr<FakeHttpCollector> http_;
};

}  // namespace oteltest
