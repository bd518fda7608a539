// The OTLP span exporter (gRPC, HTTP/protobuf or HTTP/JSON by its options).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "otel/exporters/otlp/otlp_transport.h"
#include "otel/trace/span_processor.h"

namespace otel::exporters::otlp {

// The serialized ExportTraceServiceRequest for `spans`, written straight from SpanData
// into `out` (replacing its contents): byte for byte what encode_spans() followed by
// SerializeAsString() gives, at a fraction of the cost. This is the exporter's path for
// gRPC and OTLP/HTTP protobuf. False (and `out` empty) only on an internal size mismatch.
bool serialize_span_request(const trace::SpanBatch& spans, std::string& out);

// Groups spans by resource and scope into one export request (the message form: for
// OTLP/JSON, and as the reference the wire encoder is tested against).
void encode_spans(const trace::SpanBatch& spans,
                  ::opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest* out);
void encode_span(const trace::SpanData& span, ::opentelemetry::proto::trace::v1::Span* out);

class OtlpSpanExporter final : public trace::SpanExporter {
 public:
  explicit OtlpSpanExporter(
      OtlpExporterOptions options = OtlpExporterOptions::from_env(Signal::kTraces));
  ExportResult export_spans(const trace::SpanBatch& spans) noexcept override;
  void begin_shutdown(std::chrono::steady_clock::time_point deadline) noexcept override {
    transport_.begin_shutdown(deadline);
  }
  bool shutdown(std::chrono::milliseconds timeout) noexcept override;
  const OtlpExporterOptions& options() const { return transport_.options(); }

 private:
  OtlpTransport transport_;
  std::string request_;  // the serialized request, its capacity reused by every export
  std::atomic<bool> shut_down_{false};
};

}  // namespace otel::exporters::otlp
