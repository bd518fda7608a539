// Where decoded OTLP requests go, whichever receiver (gRPC or HTTP) got them:
// convert into the model, store, and keep Prometheus totals.
#pragma once

#include <cstdint>
#include <string>

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

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
