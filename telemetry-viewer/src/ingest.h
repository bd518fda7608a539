// Where OTLP requests go, whichever receiver (gRPC or HTTP) got them: decode the
// body, convert into the model, store, and keep Prometheus totals.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "request_decoder.h"

namespace viewer {

class Store;
class PrometheusState;

struct IngestResult {
  int64_t rejected = 0;  // for partial_success
  std::string message;
};

// Bounds the request bytes being received and decoded at once, across both
// receivers. MAX_BYTES bounds what is stored, not the process: each request in
// flight holds its body plus its decoded form (several times the body for logs),
// and 8 concurrent 14 MB log uploads took the viewer to 396 MiB RSS with
// MAX_BYTES=32MiB. A request takes a permit for its size (at most the capacity)
// before reading or decoding, and waits for one while others hold the budget.
class InflightBudget {
 public:
  explicit InflightBudget(size_t capacity) : capacity_(capacity) {}

  class Permit {
   public:
    Permit(InflightBudget* budget, size_t bytes) : budget_(budget), bytes_(bytes) {}
    Permit(Permit&& other) noexcept : budget_(other.budget_), bytes_(other.bytes_) {
      other.budget_ = nullptr;
    }
    Permit(const Permit&) = delete;
    Permit& operator=(const Permit&) = delete;
    Permit& operator=(Permit&&) = delete;
    ~Permit() {
      if (budget_ != nullptr) budget_->Release(bytes_);
    }

   private:
    InflightBudget* budget_;
    size_t bytes_;
  };

  // A permit for `bytes` (clamped to the capacity), or nullopt when none came
  // within `timeout` (the caller answers 503 / UNAVAILABLE, which exporters retry).
  std::optional<Permit> Acquire(size_t bytes,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10));
  size_t capacity() const { return capacity_; }

 private:
  void Release(size_t bytes);

  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable released_;
  size_t in_use_ = 0;
};

class Ingest {
 public:
  Ingest(Store& store, PrometheusState* prometheus, size_t inflight_bytes = 16 << 20)
      : store_(store), prometheus_(prometheus), inflight_(inflight_bytes) {}

  // Receivers take a permit here before reading and decoding a request.
  InflightBudget& inflight() { return inflight_; }

  // A request body (protobuf or OTLP/JSON): nullopt with *error set when it does
  // not decode, and then nothing of it is stored.
  std::optional<IngestResult> Traces(std::string_view body, BodyEncoding encoding,
                                     std::string* error);
  std::optional<IngestResult> Logs(std::string_view body, BodyEncoding encoding,
                                   std::string* error);
  std::optional<IngestResult> Metrics(std::string_view body, BodyEncoding encoding,
                                      std::string* error);

  // Already decoded requests.
  IngestResult Traces(
      const opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest& r);
  IngestResult Logs(const opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest& r);
  IngestResult Metrics(
      const opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest& r);

 private:
  Store& store_;
  PrometheusState* prometheus_;
  InflightBudget inflight_;
};

}  // namespace viewer
