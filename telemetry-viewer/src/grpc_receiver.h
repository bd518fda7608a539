// OTLP/gRPC: the three collector services on one grpc::Server.
#pragma once

#include <memory>
#include <string>

namespace viewer {

class Ingest;

class GrpcReceiver {
 public:
  GrpcReceiver(Ingest& ingest, size_t max_request_bytes);
  ~GrpcReceiver();
  // Binds host:port; false (with *error) when it cannot.
  bool Start(const std::string& host, int port, std::string* error);
  void Shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace viewer
