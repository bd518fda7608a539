// viewer-demo-sender: sends telemetry shaped like the four workshop services to a
// viewer over OTLP/gRPC: `rounds` metric exports 10 s apart (backdated so charts
// have history) and `traces` requests per round, every 7th failing.
// Usage: viewer-demo-sender <host:port> [traces-per-round=4] [rounds=6]
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <string>

#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"
#include "otlp_fixtures.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: viewer-demo-sender <host:port> [traces-per-round] [rounds]\n");
    return 2;
  }
  const int per_round = argc > 2 ? std::stoi(argv[2]) : 4;
  const int rounds = argc > 3 ? std::stoi(argv[3]) : 6;
  auto channel = grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  auto traces = opentelemetry::proto::collector::trace::v1::TraceService::NewStub(channel);
  auto logs = opentelemetry::proto::collector::logs::v1::LogsService::NewStub(channel);
  auto metrics = opentelemetry::proto::collector::metrics::v1::MetricsService::NewStub(channel);
  std::mt19937_64 rng(42);
  const char* places[] = {"Paris", "Tokyo", "Lima", "Nairobi", "Oslo", "Perth", "Quito"};
  const uint64_t now = viewer_fixtures::NowUnixNano();
  constexpr uint64_t kRound = 10'000'000'000ull;
  const uint64_t first = now - static_cast<uint64_t>(rounds) * kRound;
  int requests = 0, failures = 0;
  for (int round = 0; round < rounds; ++round) {
    for (int i = 0; i < per_round; ++i) {
      const bool failing = (requests + 1) % 7 == 0;
      const uint64_t start =
          first + static_cast<uint64_t>(round) * kRound +
          static_cast<uint64_t>(i) * (kRound / static_cast<uint64_t>(per_round + 1));
      auto trace = viewer_fixtures::MakeWorkshopTrace(rng, start, places[requests % 7], failing);
      ++requests;
      failures += failing ? 1 : 0;
      grpc::ClientContext trace_context, logs_context;
      opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse trace_response;
      opentelemetry::proto::collector::logs::v1::ExportLogsServiceResponse logs_response;
      auto status = traces->Export(&trace_context, trace.traces, &trace_response);
      if (status.ok()) status = logs->Export(&logs_context, trace.logs, &logs_response);
      if (!status.ok()) {
        std::fprintf(stderr, "export failed: %s\n", status.error_message().c_str());
        return 1;
      }
    }
    grpc::ClientContext metrics_context;
    opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceResponse metrics_response;
    auto status = metrics->Export(
        &metrics_context,
        viewer_fixtures::MakeWorkshopMetrics(first + static_cast<uint64_t>(round + 1) * kRound,
                                             first, requests, failures),
        &metrics_response);
    if (!status.ok()) {
      std::fprintf(stderr, "metrics export failed: %s\n", status.error_message().c_str());
      return 1;
    }
  }
  std::printf("sent %d traces (%d failing) in %d rounds\n", requests, failures, rounds);
  return 0;
}
