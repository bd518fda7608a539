// OTLP/gRPC (insecure or TLS channel). The request goes out as the bytes the exporter
// serialized (a ByteBuffer on the services' Export methods), so a span batch encoded
// straight to the wire format is not turned back into messages first.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/client_unary_call.h>
#include <grpcpp/impl/rpc_method.h>

#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include "exporters/otlp/otlp_channel.h"
#include "otel/resource/resource.h"

namespace otel::exporters::otlp::detail {
namespace {

// The OTLP services' Export methods (opentelemetry/proto/collector/*/v1/*_service.proto).
const char* export_method(Signal signal) {
  switch (signal) {
    case Signal::kTraces:
      return "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    case Signal::kMetrics:
      return "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    case Signal::kLogs:
      return "/opentelemetry.proto.collector.logs.v1.LogsService/Export";
  }
  return "";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The binary google.rpc.Status (grpc-status-details-bin) may hold a google.rpc.RetryInfo
// {retry_delay: Duration} inside an Any. We find it by its type URL and read it by
// field number rather than carrying the google/rpc protos.
std::optional<std::chrono::milliseconds> retry_info_delay(const std::string& status_details) {
  using google::protobuf::io::CodedInputStream;
  // Simple, robust scan: look for the RetryInfo type URL, then decode the value bytes.
  const std::string type_url = "type.googleapis.com/google.rpc.RetryInfo";
  const auto at = status_details.find(type_url);
  if (at == std::string::npos) return std::nullopt;
  const std::string rest = status_details.substr(at + type_url.size());
  CodedInputStream any(reinterpret_cast<const std::uint8_t*>(rest.data()),
                       static_cast<int>(rest.size()));
  if (any.ReadTag() != ((2 << 3) | 2)) return std::nullopt;  // Any.value = 2
  std::uint32_t value_length = 0;
  if (!any.ReadVarint32(&value_length)) return std::nullopt;
  std::string retry_info;
  if (!any.ReadString(&retry_info, static_cast<int>(value_length))) return std::nullopt;
  CodedInputStream info(reinterpret_cast<const std::uint8_t*>(retry_info.data()),
                        static_cast<int>(retry_info.size()));
  if (info.ReadTag() != ((1 << 3) | 2)) return std::nullopt;  // retry_delay = 1
  std::uint32_t duration_length = 0;
  if (!info.ReadVarint32(&duration_length)) return std::nullopt;
  std::int64_t seconds = 0;
  std::int32_t nanos = 0;
  const auto limit = info.PushLimit(static_cast<int>(duration_length));
  while (std::uint32_t tag = info.ReadTag()) {
    std::uint64_t v = 0;
    if (!info.ReadVarint64(&v)) return std::nullopt;
    if (tag == ((1 << 3) | 0)) seconds = static_cast<std::int64_t>(v);
    if (tag == ((2 << 3) | 0)) nanos = static_cast<std::int32_t>(v);
  }
  info.PopLimit(limit);
  return std::chrono::milliseconds(seconds * 1000 + nanos / 1000000);
}

// "http://host:port/..." → "host:port".
std::string grpc_target(const std::string& endpoint) {
  std::string target = endpoint;
  if (auto scheme = target.find("://"); scheme != std::string::npos)
    target = target.substr(scheme + 3);
  if (auto slash = target.find('/'); slash != std::string::npos) target = target.substr(0, slash);
  return target;
}

bool parse(const grpc::ByteBuffer& bytes, google::protobuf::Message& out) {
  std::vector<grpc::Slice> slices;
  if (!bytes.Dump(&slices).ok()) return false;
  std::string flat;
  for (const auto& slice : slices)
    flat.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return out.ParseFromString(flat);
}

class GrpcChannel final : public Channel {
 public:
  explicit GrpcChannel(const OtlpExporterOptions& options) : options_(options) {
    const bool tls = options.endpoint.rfind("https://", 0) == 0 && !options.insecure;
    std::shared_ptr<grpc::ChannelCredentials> credentials;
    if (tls) {
      grpc::SslCredentialsOptions ssl;
      if (!options.certificate_file.empty())
        ssl.pem_root_certs = read_file(options.certificate_file);
      if (!options.client_key_file.empty())
        ssl.pem_private_key = read_file(options.client_key_file);
      if (!options.client_certificate_file.empty())
        ssl.pem_cert_chain = read_file(options.client_certificate_file);
      credentials = grpc::SslCredentials(ssl);
    } else {
      credentials = grpc::InsecureChannelCredentials();
    }
    grpc::ChannelArguments args;
    args.SetUserAgentPrefix(std::string("OTel-OTLP-Exporter-Cpp-compact/") + sdk_version());
    args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);  // we retry ourselves, with backoff
    args.SetInt(GRPC_ARG_ENABLE_HTTP_PROXY, 0);
    channel_ = grpc::CreateCustomChannel(grpc_target(options.endpoint), credentials, args);
    method_ = std::make_unique<grpc::internal::RpcMethod>(
        export_method(options.signal), grpc::internal::RpcMethod::NORMAL_RPC, channel_);
  }

  Attempt send(const Payload& request, google::protobuf::Message& response,
               std::chrono::milliseconds budget) override {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + budget);
    {
      std::lock_guard lock(active_mutex_);
      if (cancelled_) {
        Attempt cancelled;
        cancelled.error = "cancelled: the exporter is shutting down";
        return cancelled;
      }
      active_ = &context;
    }
    if (options_.compression == Compression::kGzip)
      context.set_compression_algorithm(GRPC_COMPRESS_GZIP);
    for (const auto& [k, v] : options_.headers) {
      std::string key = k;
      for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      context.AddMetadata(key, v);
    }
    // gRPC keeps its own copy of the bytes (a slice it owns), so the caller's buffer is
    // free to be reused as soon as we return, whatever gRPC still holds on to.
    grpc::Slice slice(request.protobuf.data(), request.protobuf.size());
    const grpc::ByteBuffer request_bytes(&slice, 1);
    grpc::ByteBuffer response_bytes;
    grpc::Status status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
        channel_.get(), *method_, &context, request_bytes, &response_bytes);
    if (status.ok() && !parse(response_bytes, response))
      status = grpc::Status(grpc::StatusCode::INTERNAL, "the response does not parse");
    {
      std::lock_guard lock(active_mutex_);
      active_ = nullptr;
    }
    Attempt result;
    result.status_code = static_cast<int>(status.error_code());
    if (status.ok()) {
      result.ok = true;
      return result;
    }
    result.error =
        "gRPC status " + std::to_string(result.status_code) + ": " + status.error_message();
    result.retry_after = retry_info_delay(status.error_details());
    switch (status.error_code()) {
      case grpc::StatusCode::CANCELLED:
      case grpc::StatusCode::DEADLINE_EXCEEDED:
      case grpc::StatusCode::ABORTED:
      case grpc::StatusCode::OUT_OF_RANGE:
      case grpc::StatusCode::UNAVAILABLE:
      case grpc::StatusCode::DATA_LOSS:
        result.retryable = true;
        break;
      case grpc::StatusCode::RESOURCE_EXHAUSTED:
        result.retryable = result.retry_after.has_value();
        break;
      default:
        break;
    }
    return result;
  }

  void cancel() override {
    std::lock_guard lock(active_mutex_);
    cancelled_ = true;
    if (active_ != nullptr) active_->TryCancel();
  }

 private:
  OtlpExporterOptions options_;
  std::mutex active_mutex_;
  grpc::ClientContext* active_ = nullptr;  // the call in flight, guarded by active_mutex_
  bool cancelled_ = false;                 // guarded by active_mutex_
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<grpc::internal::RpcMethod> method_;  // this signal's Export
};

}  // namespace

std::unique_ptr<Channel> make_grpc_channel(const OtlpExporterOptions& options) {
  return std::make_unique<GrpcChannel>(options);
}

}  // namespace otel::exporters::otlp::detail
