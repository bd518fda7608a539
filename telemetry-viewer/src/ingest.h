// Where OTLP requests go, whichever receiver (gRPC or HTTP) got them: decode the
// body, convert into the model, store, and keep Prometheus totals.
#pragma once

#include <cstdint>
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

class Ingest {
 public:
  Ingest(Store& store, PrometheusState* prometheus) : store_(store), prometheus_(prometheus) {}

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
};

}  // namespace viewer
