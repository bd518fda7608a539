// otlp-sink: the cheapest honest OTLP/gRPC receiver, for load tests that should measure
// what telemetry costs the SERVICES and not what a full backend costs to run next to
// them. It receives and parses every export (as any collector must) and counts what it
// got, but stores nothing. Prints the totals on SIGINT/SIGTERM.
//
//   otlp-sink PORT        # listens on 127.0.0.1:PORT
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace {

namespace pb = opentelemetry::proto::collector;

std::atomic<long> spans{0};
std::atomic<long> metric_points{0};
std::atomic<long> log_records{0};
std::atomic<long> requests{0};
std::atomic<bool> stop{false};

class TraceSink final : public pb::trace::v1::TraceService::Service {
  grpc::Status Export(grpc::ServerContext*, const pb::trace::v1::ExportTraceServiceRequest* request,
                      pb::trace::v1::ExportTraceServiceResponse*) override {
    long n = 0;
    for (const auto& resource : request->resource_spans())
      for (const auto& scope : resource.scope_spans()) n += scope.spans_size();
    spans += n;
    ++requests;
    return grpc::Status::OK;
  }
};

class MetricsSink final : public pb::metrics::v1::MetricsService::Service {
  grpc::Status Export(grpc::ServerContext*,
                      const pb::metrics::v1::ExportMetricsServiceRequest* request,
                      pb::metrics::v1::ExportMetricsServiceResponse*) override {
    long n = 0;
    for (const auto& resource : request->resource_metrics())
      for (const auto& scope : resource.scope_metrics())
        for (const auto& metric : scope.metrics())
          n += metric.sum().data_points_size() + metric.gauge().data_points_size() +
               metric.histogram().data_points_size() +
               metric.exponential_histogram().data_points_size();
    metric_points += n;
    ++requests;
    return grpc::Status::OK;
  }
};

class LogsSink final : public pb::logs::v1::LogsService::Service {
  grpc::Status Export(grpc::ServerContext*, const pb::logs::v1::ExportLogsServiceRequest* request,
                      pb::logs::v1::ExportLogsServiceResponse*) override {
    long n = 0;
    for (const auto& resource : request->resource_logs())
      for (const auto& scope : resource.scope_logs()) n += scope.log_records_size();
    log_records += n;
    ++requests;
    return grpc::Status::OK;
  }
};

}  // namespace

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 0;
  if (port <= 0 || port > 65535) {
    std::fprintf(stderr, "usage: otlp-sink PORT (1-65535)\n");
    return 2;
  }
  TraceSink traces;
  MetricsSink metrics;
  LogsSink logs;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port), grpc::InsecureServerCredentials());
  builder.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  builder.RegisterService(&traces);
  builder.RegisterService(&metrics);
  builder.RegisterService(&logs);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::fprintf(stderr, "otlp-sink: cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  std::signal(SIGINT, [](int) { stop = true; });
  std::signal(SIGTERM, [](int) { stop = true; });
  std::printf("otlp-sink listening on 127.0.0.1:%d\n", port);
  std::fflush(stdout);
  while (!stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  std::printf("{\"requests\": %ld, \"spans\": %ld, \"metricPoints\": %ld, \"logs\": %ld}\n",
              requests.load(), spans.load(), metric_points.load(), log_records.load());
  return 0;
}
