// Span processors and exporters, and the simple (synchronous) processor.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "otel/common/export_result.h"
#include "otel/context/context.h"
#include "otel/trace/span_data.h"

namespace otel::trace {

class Span;
using SpanBatch = std::vector<std::shared_ptr<const SpanData>>;

class SpanExporter {
 public:
  virtual ~SpanExporter() = default;
  // Called by one thread at a time. Must not block past its own timeout.
  virtual ExportResult export_spans(const SpanBatch& spans) noexcept = 0;
  virtual bool force_flush(std::chrono::milliseconds /*timeout*/) noexcept { return true; }
  // The processor is shutting down and gives up waiting at `deadline`: exports from now
  // on should make one bounded attempt, not retry. May be called from any thread while
  // an export runs; shutdown() follows after the final export.
  virtual void begin_shutdown(std::chrono::steady_clock::time_point /*deadline*/) noexcept {}
  // The BatchSpanProcessor may also call shutdown() from its caller's thread while an
  // export still waits for the collector at the end of its budget: it should then make
  // that export give up (the OTLP exporter cancels the send).
  virtual bool shutdown(std::chrono::milliseconds timeout) noexcept = 0;
};

class SpanProcessor {
 public:
  virtual ~SpanProcessor() = default;
  // Called synchronously when a recording span starts; may add attributes to it.
  virtual void on_start(Span& /*span*/, const Context& /*parent*/) noexcept {}
  // Called once when a recording span ends; must not block.
  virtual void on_end(std::shared_ptr<const SpanData> span) noexcept = 0;
  virtual bool force_flush(std::chrono::milliseconds timeout) noexcept = 0;
  virtual bool shutdown(std::chrono::milliseconds timeout) noexcept = 0;
};

// Exports every sampled span as it ends, on the ending thread. For tests and debugging
// (the console exporter); services want the BatchSpanProcessor.
class SimpleSpanProcessor final : public SpanProcessor {
 public:
  explicit SimpleSpanProcessor(std::unique_ptr<SpanExporter> exporter);
  // The processor for `exporter`; nullptr when there is no exporter (e.g. "none").
  static std::unique_ptr<SpanProcessor> create(std::unique_ptr<SpanExporter> exporter);
  void on_end(std::shared_ptr<const SpanData> span) noexcept override;
  bool force_flush(std::chrono::milliseconds timeout) noexcept override;
  bool shutdown(std::chrono::milliseconds timeout) noexcept override;

 private:
  std::mutex mutex_;
  std::unique_ptr<SpanExporter> exporter_;
  bool shut_down_ = false;
};

// Keeps every ended span in memory (tests, and the console exporter's tests).
class InMemorySpanExporter final : public SpanExporter {
 public:
  ExportResult export_spans(const SpanBatch& spans) noexcept override;
  bool shutdown(std::chrono::milliseconds) noexcept override { return true; }
  SpanBatch spans() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  SpanBatch spans_;
};

}  // namespace otel::trace
