// The OTLP span exporter (gRPC, HTTP/protobuf or HTTP/JSON by its options).
#pragma once

#include <atomic>
#include <cstddef>
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
  void begin_shutdown(std::chrono::steady_clock::time_point deadline) override {
    transport_.begin_shutdown(deadline);
  }
  bool shutdown(std::chrono::milliseconds timeout) override;
  const OtlpExporterOptions& options() const { return transport_.options(); }

 private:
  static constexpr std::size_t kArenaBlockBytes = 256 * 1024;
  OtlpTransport transport_;
  std::unique_ptr<char[]> arena_block_;  // first block of each export's protobuf arena
  std::atomic<bool> shut_down_{false};
};

}  // namespace otel::exporters::otlp
