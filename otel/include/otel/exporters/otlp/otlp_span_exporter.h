// The OTLP span exporter (gRPC, HTTP/protobuf or HTTP/JSON by its options).
#pragma once

#include <atomic>
#include <memory>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "otel/exporters/otlp/otlp_transport.h"
#include "otel/trace/span_processor.h"

namespace otel::exporters::otlp {

// Groups spans by resource and scope into one export request.
void encode_spans(const trace::SpanBatch& spans,
                  ::opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest* out);
void encode_span(const trace::SpanData& span, ::opentelemetry::proto::trace::v1::Span* out);

class OtlpSpanExporter final : public trace::SpanExporter {
 public:
  explicit OtlpSpanExporter(
      OtlpExporterOptions options = OtlpExporterOptions::from_env(Signal::kTraces));
  ExportResult export_spans(const trace::SpanBatch& spans) override;
  bool shutdown(std::chrono::milliseconds timeout) override;
  const OtlpExporterOptions& options() const { return transport_.options(); }

 private:
  OtlpTransport transport_;
  std::atomic<bool> shut_down_{false};
};

}  // namespace otel::exporters::otlp
