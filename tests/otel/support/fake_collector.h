// In-process fake OTLP collectors for tests: an HTTP one (cpp-httplib) and a gRPC one
// (TraceService), both recording what they receive and answering from a script.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace httplib {
class Server;
}
namespace grpc {
class Server;
}

namespace oteltest {

struct ScriptedAnswer {
  int status = 200;                    // HTTP status, or gRPC code for the gRPC collector (0 = OK)
  std::string body;                    // HTTP body (for 200: a serialized response, may be empty)
  std::string retry_after;             // HTTP Retry-After header value, if any
  std::chrono::milliseconds delay{0};  // answer this late (a slow collector)
};

struct ReceivedRequest {
  std::string path;
  std::string content_type;
  std::string content_encoding;
  std::string body;  // as received (possibly gzip)
  std::vector<std::pair<std::string, std::string>> headers;
  int remote_port = 0;  // the client's port: one per connection
};

class FakeHttpCollector {
 public:
  FakeHttpCollector();  // listens on 127.0.0.1:<free port>
  ~FakeHttpCollector();
  int port() const { return port_; }
  std::string url(const std::string& path) const;
  // Answers in order; once used up, every request gets 200 with an empty body.
  void script(std::vector<ScriptedAnswer> answers);
  std::vector<ReceivedRequest> requests() const;
  // Waits until at least n requests arrived.
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::deque<ScriptedAnswer> answers_;
  std::vector<ReceivedRequest> requests_;
};

class FakeGrpcTraceCollector {
 public:
  FakeGrpcTraceCollector();
  ~FakeGrpcTraceCollector();
  int port() const { return port_; }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void script(std::vector<ScriptedAnswer> answers);
  std::vector<opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest> requests()
      const;
  std::vector<std::pair<std::string, std::string>> last_metadata() const;
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const;

  struct Service;

 private:
  std::unique_ptr<Service> service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

// gunzip helper for checking compressed bodies.
std::string gunzip(const std::string& data);

}  // namespace oteltest
