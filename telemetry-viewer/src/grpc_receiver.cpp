#include "grpc_receiver.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <optional>
#include <string_view>

#include "ingest.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace viewer {
namespace {
namespace trace_v1 = opentelemetry::proto::collector::trace::v1;
namespace logs_v1 = opentelemetry::proto::collector::logs::v1;
namespace metrics_v1 = opentelemetry::proto::collector::metrics::v1;

// Every Export takes the request as raw bytes (gRPC has already inflated gzip and
// enforced the size limit) and hands them to Ingest, which decodes them the way
// the HTTP receiver's bodies are decoded: protobuf trace requests straight into the
// model, without a generated message parsed onto the heap first. The callback API
// runs the handler on gRPC's own threads, with no sync-server thread hand-off.
//
// Answers: the Export*ServiceResponse (partial_success only when items were
// rejected), or INVALID_ARGUMENT with nothing stored when the body does not decode.
template <typename Response, typename IngestBody, typename SetRejected>
grpc::ServerUnaryReactor* HandleExport(grpc::CallbackServerContext* context,
                                       const grpc::ByteBuffer* request, grpc::ByteBuffer* response,
                                       IngestBody ingest_body, SetRejected set_rejected) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  grpc::Slice bytes;  // the message in one piece (a copy only when it came in several)
  if (request == nullptr || !request->DumpToSingleSlice(&bytes).ok()) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request message"));
    return reactor;
  }
  std::string error;
  const std::optional<IngestResult> result = ingest_body(
      std::string_view(reinterpret_cast<const char*>(bytes.begin()), bytes.size()), &error);
  if (!result) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, error));
    return reactor;
  }
  Response answer;
  if (result->rejected != 0 || !result->message.empty()) {
    set_rejected(answer.mutable_partial_success(), result->rejected);
    answer.mutable_partial_success()->set_error_message(result->message);
  }
  const std::string encoded = answer.SerializeAsString();
  grpc::Slice slice(encoded);
  *response = grpc::ByteBuffer(&slice, 1);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

class TraceService final
    : public trace_v1::TraceService::WithRawCallbackMethod_Export<trace_v1::TraceService::Service> {
 public:
  explicit TraceService(Ingest& ingest) : ingest_(ingest) {}
  grpc::ServerUnaryReactor* Export(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override {
    return HandleExport<trace_v1::ExportTraceServiceResponse>(
        context, request, response,
        [this](std::string_view body, std::string* error) {
          return ingest_.Traces(body, BodyEncoding::kProtobuf, error);
        },
        [](auto* partial, int64_t n) { partial->set_rejected_spans(n); });
  }

 private:
  Ingest& ingest_;
};

class LogsService final
    : public logs_v1::LogsService::WithRawCallbackMethod_Export<logs_v1::LogsService::Service> {
 public:
  explicit LogsService(Ingest& ingest) : ingest_(ingest) {}
  grpc::ServerUnaryReactor* Export(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override {
    return HandleExport<logs_v1::ExportLogsServiceResponse>(
        context, request, response,
        [this](std::string_view body, std::string* error) {
          return ingest_.Logs(body, BodyEncoding::kProtobuf, error);
        },
        [](auto* partial, int64_t n) { partial->set_rejected_log_records(n); });
  }

 private:
  Ingest& ingest_;
};

class MetricsService final : public metrics_v1::MetricsService::WithRawCallbackMethod_Export<
                                 metrics_v1::MetricsService::Service> {
 public:
  explicit MetricsService(Ingest& ingest) : ingest_(ingest) {}
  grpc::ServerUnaryReactor* Export(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override {
    return HandleExport<metrics_v1::ExportMetricsServiceResponse>(
        context, request, response,
        [this](std::string_view body, std::string* error) {
          return ingest_.Metrics(body, BodyEncoding::kProtobuf, error);
        },
        [](auto* partial, int64_t n) { partial->set_rejected_data_points(n); });
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
