#include "grpc_receiver.h"

#include <grpc/byte_buffer.h>
#include <grpcpp/grpcpp.h>
#include <zlib.h>

#include <chrono>
#include <optional>
#include <string_view>

#include "ingest.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

// grpc::ByteBuffer names this class a friend (for gRPC's own tests; no library
// defines it). It is how we reach a message that gRPC left compressed.
namespace grpc::internal {
class GrpcByteBufferPeer {
 public:
  explicit GrpcByteBufferPeer(const ByteBuffer* buffer) : buffer_(buffer) {}
  grpc_byte_buffer* c_buffer() const { return buffer_->buffer_; }

 private:
  const ByteBuffer* buffer_;
};
}  // namespace grpc::internal

namespace viewer {
namespace {
namespace trace_v1 = opentelemetry::proto::collector::trace::v1;
namespace logs_v1 = opentelemetry::proto::collector::logs::v1;
namespace metrics_v1 = opentelemetry::proto::collector::metrics::v1;

enum class Inflated { kOk, kTooLarge, kCorrupt };

// gzip slices -> out, stopping as soon as out would exceed max_bytes.
Inflated InflateGzip(const grpc_slice_buffer& slices, size_t max_bytes, std::string& out) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return Inflated::kCorrupt;
  struct End {
    z_stream& z;
    ~End() { inflateEnd(&z); }
  } end{z};
  char chunk[64 * 1024];
  int rc = Z_OK;
  for (size_t i = 0; i < slices.count && rc != Z_STREAM_END; ++i) {
    z.next_in = const_cast<Bytef*>(GRPC_SLICE_START_PTR(slices.slices[i]));
    z.avail_in = static_cast<uInt>(GRPC_SLICE_LENGTH(slices.slices[i]));
    while (z.avail_in > 0 && rc != Z_STREAM_END) {
      z.next_out = reinterpret_cast<Bytef*>(chunk);
      z.avail_out = sizeof chunk;
      rc = inflate(&z, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END) return Inflated::kCorrupt;
      const size_t produced = sizeof chunk - z.avail_out;
      if (out.size() + produced > max_bytes) return Inflated::kTooLarge;
      out.append(chunk, produced);
    }
  }
  return rc == Z_STREAM_END ? Inflated::kOk : Inflated::kCorrupt;
}

// Every Export takes the request as raw bytes and hands them to Ingest. gRPC
// enforces the size limit on the wire; gzip messages arrive still compressed
// (decompression is off, see Start) and are inflated here within the limit: gRPC
// 1.51 inflates a whole message before checking its size (4 MB inflating to 4 GiB
// took the viewer to 5.1 GiB RSS). Then Ingest which decodes them the way
// the HTTP receiver's bodies are decoded: protobuf trace requests straight into the
// model, without a generated message parsed onto the heap first. The callback API
// runs the handler on gRPC's own threads, with no sync-server thread hand-off.
//
// Answers: the Export*ServiceResponse (partial_success only when items were
// rejected), or INVALID_ARGUMENT with nothing stored when the body does not decode.
template <typename Response, typename IngestBody, typename SetRejected>
grpc::ServerUnaryReactor* HandleExport(grpc::CallbackServerContext* context,
                                       const grpc::ByteBuffer* request, grpc::ByteBuffer* response,
                                       Ingest& ingest, size_t max_bytes, IngestBody ingest_body,
                                       SetRejected set_rejected) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  grpc_byte_buffer* raw =
      request == nullptr ? nullptr : grpc::internal::GrpcByteBufferPeer(request).c_buffer();
  if (raw == nullptr || raw->type != GRPC_BB_RAW) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request message"));
    return reactor;
  }
  // A gzip message may inflate up to the limit: it takes the whole budget.
  const auto permit = ingest.inflight().Acquire(
      raw->data.raw.compression == GRPC_COMPRESS_NONE ? request->Length() : max_bytes);
  if (!permit) {
    reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "busy, retry later"));
    return reactor;
  }
  std::string inflated;
  grpc::Slice bytes;  // the message in one piece (a copy only when it came in several)
  std::string_view body;
  if (raw->data.raw.compression == GRPC_COMPRESS_GZIP) {
    switch (InflateGzip(raw->data.raw.slice_buffer, max_bytes, inflated)) {
      case Inflated::kOk:
        break;
      case Inflated::kTooLarge:
        reactor->Finish(
            grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                         "inflated message larger than " + std::to_string(max_bytes) + " bytes"));
        return reactor;
      case Inflated::kCorrupt:
        reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "corrupt gzip message"));
        return reactor;
    }
    body = inflated;
  } else if (raw->data.raw.compression != GRPC_COMPRESS_NONE) {
    reactor->Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "only gzip is accepted"));
    return reactor;
  } else {
    if (!request->DumpToSingleSlice(&bytes).ok()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request message"));
      return reactor;
    }
    body = std::string_view(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
  }
  std::string error;
  const std::optional<IngestResult> result = ingest_body(body, &error);
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
  TraceService(Ingest& ingest, size_t max_bytes) : ingest_(ingest), max_bytes_(max_bytes) {}
  grpc::ServerUnaryReactor* Export(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override {
    return HandleExport<trace_v1::ExportTraceServiceResponse>(
        context, request, response, ingest_, max_bytes_,
        [this](std::string_view body, std::string* error) {
          return ingest_.Traces(body, BodyEncoding::kProtobuf, error);
        },
        [](auto* partial, int64_t n) { partial->set_rejected_spans(n); });
  }

 private:
  Ingest& ingest_;
  size_t max_bytes_;
};

class LogsService final
    : public logs_v1::LogsService::WithRawCallbackMethod_Export<logs_v1::LogsService::Service> {
 public:
  LogsService(Ingest& ingest, size_t max_bytes) : ingest_(ingest), max_bytes_(max_bytes) {}
  grpc::ServerUnaryReactor* Export(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override {
    return HandleExport<logs_v1::ExportLogsServiceResponse>(
        context, request, response, ingest_, max_bytes_,
        [this](std::string_view body, std::string* error) {
          return ingest_.Logs(body, BodyEncoding::kProtobuf, error);
        },
        [](auto* partial, int64_t n) { partial->set_rejected_log_records(n); });
  }

 private:
  Ingest& ingest_;
  size_t max_bytes_;
};

class MetricsService final : public metrics_v1::MetricsService::WithRawCallbackMethod_Export<
                                 metrics_v1::MetricsService::Service> {
 public:
  MetricsService(Ingest& ingest, size_t max_bytes) : ingest_(ingest), max_bytes_(max_bytes) {}
  grpc::ServerUnaryReactor* Export(grpc::CallbackServerContext* context,
                                   const grpc::ByteBuffer* request,
                                   grpc::ByteBuffer* response) override {
    return HandleExport<metrics_v1::ExportMetricsServiceResponse>(
        context, request, response, ingest_, max_bytes_,
        [this](std::string_view body, std::string* error) {
          return ingest_.Metrics(body, BodyEncoding::kProtobuf, error);
        },
        [](auto* partial, int64_t n) { partial->set_rejected_data_points(n); });
  }

 private:
  Ingest& ingest_;
  size_t max_bytes_;
};
}  // namespace

struct GrpcReceiver::Impl {
  Impl(Ingest& ingest, size_t max_bytes)
      : traces(ingest, max_bytes),
        logs(ingest, max_bytes),
        metrics(ingest, max_bytes),
        max_request_bytes(max_bytes) {}
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
  // Compressed messages reach HandleExport as they came (inflated there within
  // the limit); deflate is refused by gRPC itself (OTLP exporters use gzip).
  builder.AddChannelArgument(GRPC_ARG_ENABLE_PER_MESSAGE_DECOMPRESSION, 0);
  builder.SetCompressionAlgorithmSupportStatus(GRPC_COMPRESS_DEFLATE, false);
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
