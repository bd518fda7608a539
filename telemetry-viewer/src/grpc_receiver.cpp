#include "grpc_receiver.h"

#include <grpcpp/grpcpp.h>

#include <chrono>

#include "ingest.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace viewer {
namespace {
namespace trace_v1 = opentelemetry::proto::collector::trace::v1;
namespace logs_v1 = opentelemetry::proto::collector::logs::v1;
namespace metrics_v1 = opentelemetry::proto::collector::metrics::v1;

// Fills partial_success only when items were rejected; the rest has been stored.
template <typename Response, typename SetRejected>
void SetPartial(Response* response, const IngestResult& result, SetRejected set_rejected) {
  if (result.rejected == 0 && result.message.empty()) return;
  set_rejected(response->mutable_partial_success(), result.rejected);
  response->mutable_partial_success()->set_error_message(result.message);
}

class TraceService final : public trace_v1::TraceService::Service {
 public:
  explicit TraceService(Ingest& ingest) : ingest_(ingest) {}
  grpc::Status Export(grpc::ServerContext*, const trace_v1::ExportTraceServiceRequest* request,
                      trace_v1::ExportTraceServiceResponse* response) override {
    SetPartial(response, ingest_.Traces(*request),
               [](auto* partial, int64_t n) { partial->set_rejected_spans(n); });
    return grpc::Status::OK;
  }

 private:
  Ingest& ingest_;
};

class LogsService final : public logs_v1::LogsService::Service {
 public:
  explicit LogsService(Ingest& ingest) : ingest_(ingest) {}
  grpc::Status Export(grpc::ServerContext*, const logs_v1::ExportLogsServiceRequest* request,
                      logs_v1::ExportLogsServiceResponse* response) override {
    SetPartial(response, ingest_.Logs(*request),
               [](auto* partial, int64_t n) { partial->set_rejected_log_records(n); });
    return grpc::Status::OK;
  }

 private:
  Ingest& ingest_;
};

class MetricsService final : public metrics_v1::MetricsService::Service {
 public:
  explicit MetricsService(Ingest& ingest) : ingest_(ingest) {}
  grpc::Status Export(grpc::ServerContext*, const metrics_v1::ExportMetricsServiceRequest* request,
                      metrics_v1::ExportMetricsServiceResponse* response) override {
    SetPartial(response, ingest_.Metrics(*request),
               [](auto* partial, int64_t n) { partial->set_rejected_data_points(n); });
    return grpc::Status::OK;
  }

 private:
  Ingest& ingest_;
};
}  // namespace

struct GrpcReceiver::Impl {
  Impl(Ingest& ingest, size_t max_bytes)
      : traces(ingest), logs(ingest), metrics(ingest), max_request_bytes(max_bytes) {}
  TraceService traces;
  LogsService logs;
  MetricsService metrics;
  size_t max_request_bytes;
  std::unique_ptr<grpc::Server> server;
};

GrpcReceiver::GrpcReceiver(Ingest& ingest, size_t max_request_bytes)
    : impl_(std::make_unique<Impl>(ingest, max_request_bytes)) {}

GrpcReceiver::~GrpcReceiver() {
  Shutdown();
}

bool GrpcReceiver::Start(const std::string& host, int port, std::string* error) {
  grpc::ServerBuilder builder;
  int bound_port = 0;
  // IPv6 literals need brackets in a gRPC address.
  const std::string address =
      (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &bound_port);
  // Larger messages fail with RESOURCE_EXHAUSTED before reaching a service.
  builder.SetMaxReceiveMessageSize(
      static_cast<int>(std::min<size_t>(impl_->max_request_bytes, INT32_MAX)));
  builder.RegisterService(&impl_->traces);
  builder.RegisterService(&impl_->logs);
  builder.RegisterService(&impl_->metrics);
  impl_->server = builder.BuildAndStart();
  if (!impl_->server || bound_port == 0) {
    impl_->server.reset();
    if (error) *error = "cannot listen for OTLP/gRPC on " + address;
    return false;
  }
  return true;
}

void GrpcReceiver::Shutdown() {
  if (!impl_->server) return;
  // Requests in flight get a moment to finish, then are cancelled.
  impl_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  impl_->server.reset();
}

}  // namespace viewer
