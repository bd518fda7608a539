#include "ingest.h"

#include "otlp_convert.h"
#include "prometheus_state.h"
#include "store.h"

namespace viewer {

IngestResult Ingest::Traces(
    const opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest& r) {
  auto converted = ConvertTraces(r);
  store_.AddSpans(std::move(converted.items));
  return {converted.rejected, converted.error};
}

IngestResult Ingest::Logs(
    const opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest& r) {
  auto converted = ConvertLogs(r);
  store_.AddLogs(std::move(converted.items));
  return {converted.rejected, converted.error};
}

IngestResult Ingest::Metrics(
    const opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest& r) {
  auto converted = ConvertMetrics(r);
  store_.AddMetrics(std::move(converted.items));
  if (prometheus_ != nullptr) prometheus_->Add(r);
  return {converted.rejected, converted.error};
}

}  // namespace viewer
