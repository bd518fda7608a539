#include "otel/trace/span_processor.h"

#include "common/no_throw.h"

namespace otel::trace {

std::unique_ptr<SpanProcessor> SimpleSpanProcessor::create(std::unique_ptr<SpanExporter> exporter) {
  if (!exporter) return nullptr;
  return std::make_unique<SimpleSpanProcessor>(std::move(exporter));
}

SimpleSpanProcessor::SimpleSpanProcessor(std::unique_ptr<SpanExporter> exporter)
    : exporter_(std::move(exporter)) {}

void SimpleSpanProcessor::on_end(std::shared_ptr<const SpanData> span) noexcept {
  internal::run_guarded("SimpleSpanProcessor::on_end", [&] {
    if (!span->context.is_sampled()) return;
    std::lock_guard lock(mutex_);
    if (shut_down_ || !exporter_) return;
    exporter_->export_spans(SpanBatch{std::move(span)});
  });
}

bool SimpleSpanProcessor::force_flush(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "SimpleSpanProcessor::force_flush", [&] {
    std::lock_guard lock(mutex_);
    return shut_down_ || !exporter_ || exporter_->force_flush(timeout);
  });
}

bool SimpleSpanProcessor::shutdown(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "SimpleSpanProcessor::shutdown", [&] {
    std::lock_guard lock(mutex_);
    if (shut_down_) return true;
    shut_down_ = true;
    return !exporter_ || exporter_->shutdown(timeout);
  });
}

ExportResult InMemorySpanExporter::export_spans(const SpanBatch& spans) noexcept {
  return internal::result_or(ExportResult::kFailure, "InMemorySpanExporter::export_spans", [&] {
    std::lock_guard lock(mutex_);
    spans_.insert(spans_.end(), spans.begin(), spans.end());
    return ExportResult::kSuccess;
  });
}

SpanBatch InMemorySpanExporter::spans() const {
  std::lock_guard lock(mutex_);
  return spans_;
}

void InMemorySpanExporter::clear() {
  std::lock_guard lock(mutex_);
  spans_.clear();
}

}  // namespace otel::trace
