// An in-process fake OTLP/gRPC collector serving MetricsService and LogsService on one
// loopback port (as a real collector does), recording what it receives and answering
// from one shared script (ScriptedAnswer: gRPC code, 0 or 200 = OK, and a delay).
// FakeGrpcTraceCollector (fake_collector.h) is the TraceService counterpart.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "support/fake_collector.h"

namespace oteltest {

class FakeGrpcMetricsLogsCollector {
 public:
  using MetricsRequest = opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest;
  using LogsRequest = opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest;

  FakeGrpcMetricsLogsCollector();  // 127.0.0.1:<free port>
  ~FakeGrpcMetricsLogsCollector();
  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // Answers in order, to either service; once used up, every call gets OK at once.
  void script(std::vector<ScriptedAnswer> answers);
  // Every call as received, the failed ones included.
  std::vector<MetricsRequest> metrics_requests() const;
  std::vector<LogsRequest> logs_requests() const;
  size_t calls() const;  // both services
  bool wait_for_calls(size_t n, std::chrono::milliseconds timeout) const;

  struct State;

 private:
  std::unique_ptr<State> state_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace oteltest
