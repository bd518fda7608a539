#include "support/fake_collector.h"

#include <grpcpp/grpcpp.h>
#include <httplib.h>
#include <zlib.h>

#include "opentelemetry/proto/collector/trace/v1/trace_service.grpc.pb.h"

namespace oteltest {

namespace pb = opentelemetry::proto::collector::trace::v1;

FakeHttpCollector::FakeHttpCollector() : server_(std::make_unique<httplib::Server>()) {
  server_->Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
    ScriptedAnswer answer;
    {
      std::lock_guard lock(mutex_);
      ReceivedRequest r;
      r.path = req.path;
      r.content_type = req.get_header_value("Content-Type");
      r.content_encoding = req.get_header_value("Content-Encoding");
      r.body = req.body;
      r.remote_port = req.remote_port;
      for (const auto& [k, v] : req.headers) r.headers.emplace_back(k, v);
      requests_.push_back(std::move(r));
      if (!answers_.empty()) {
        answer = answers_.front();
        answers_.pop_front();
      }
    }
    if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
    res.status = answer.status;
    if (!answer.retry_after.empty()) res.set_header("Retry-After", answer.retry_after);
    res.set_content(answer.body, req.get_header_value("Content-Type").empty()
                                     ? "application/x-protobuf"
                                     : req.get_header_value("Content-Type").c_str());
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeHttpCollector::~FakeHttpCollector() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FakeHttpCollector::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void FakeHttpCollector::script(std::vector<ScriptedAnswer> answers) {
  std::lock_guard lock(mutex_);
  answers_.assign(answers.begin(), answers.end());
}

std::vector<ReceivedRequest> FakeHttpCollector::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

bool FakeHttpCollector::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (requests().size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return requests().size() >= n;
}

struct FakeGrpcTraceCollector::Service final : pb::TraceService::Service {
  mutable std::mutex mutex;
  std::deque<ScriptedAnswer> answers;
  std::vector<pb::ExportTraceServiceRequest> requests;
  std::vector<std::pair<std::string, std::string>> metadata;

  grpc::Status Export(grpc::ServerContext* context, const pb::ExportTraceServiceRequest* request,
                      pb::ExportTraceServiceResponse*) override {
    ScriptedAnswer answer;
    {
      std::lock_guard lock(mutex);
      requests.push_back(*request);
      metadata.clear();
      for (const auto& [k, v] : context->client_metadata())
        metadata.emplace_back(std::string(k.data(), k.size()), std::string(v.data(), v.size()));
      if (!answers.empty()) {
        answer = answers.front();
        answers.pop_front();
      }
    }
    if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
    if (answer.status == 200 || answer.status == 0) return grpc::Status::OK;
    return grpc::Status(static_cast<grpc::StatusCode>(answer.status), "scripted failure");
  }
};

FakeGrpcTraceCollector::FakeGrpcTraceCollector() : service_(std::make_unique<Service>()) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
}

FakeGrpcTraceCollector::~FakeGrpcTraceCollector() {
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

void FakeGrpcTraceCollector::script(std::vector<ScriptedAnswer> answers) {
  std::lock_guard lock(service_->mutex);
  service_->answers.assign(answers.begin(), answers.end());
}

std::vector<pb::ExportTraceServiceRequest> FakeGrpcTraceCollector::requests() const {
  std::lock_guard lock(service_->mutex);
  return service_->requests;
}

std::vector<std::pair<std::string, std::string>> FakeGrpcTraceCollector::last_metadata() const {
  std::lock_guard lock(service_->mutex);
  return service_->metadata;
}

bool FakeGrpcTraceCollector::wait_for_requests(std::size_t n,
                                               std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (requests().size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return requests().size() >= n;
}

std::string gunzip(const std::string& data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return {};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[16384];
  int rc = Z_OK;
  while (rc == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  inflateEnd(&stream);
  return rc == Z_STREAM_END ? out : std::string();
}

}  // namespace oteltest
