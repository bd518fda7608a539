// Prints ended spans in a readable multi-line form (OTEL_TRACES_EXPORTER=console).
#pragma once

#include <iosfwd>
#include <mutex>

#include "otel/trace/span_processor.h"

namespace otel::exporters::console {

class ConsoleSpanExporter final : public trace::SpanExporter {
 public:
  explicit ConsoleSpanExporter(std::ostream& out);
  ConsoleSpanExporter();  // std::cout
  ExportResult export_spans(const trace::SpanBatch& spans) noexcept override;
  bool shutdown(std::chrono::milliseconds) noexcept override { return true; }

  static std::string format(const trace::SpanData& span);

 private:
  std::mutex mutex_;
  std::ostream& out_;
};

}  // namespace otel::exporters::console
