// The batch span processor: ended spans go into a bounded lock-free queue (the caller
// never blocks and never takes a global lock; when the queue is full the span is dropped
// and counted); a worker thread exports batches every schedule_delay or as soon as a
// full batch is waiting. force_flush/shutdown honour their timeouts and never hang; a
// forked child starts a fresh worker and drops the parent's queued spans.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "otel/trace/span_processor.h"

namespace otel::trace {

struct BatchSpanProcessorOptions {
  std::size_t max_queue_size = 2048;
  std::chrono::milliseconds schedule_delay{5000};
  std::chrono::milliseconds export_timeout{30000};
  std::size_t max_export_batch_size = 512;

  // OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BSP_SCHEDULE_DELAY, OTEL_BSP_EXPORT_TIMEOUT,
  // OTEL_BSP_MAX_EXPORT_BATCH_SIZE (capped at the queue size).
  static BatchSpanProcessorOptions from_env();
};

class BatchSpanProcessor final : public SpanProcessor {
 public:
  explicit BatchSpanProcessor(std::unique_ptr<SpanExporter> exporter,
                              BatchSpanProcessorOptions options = {});
  ~BatchSpanProcessor() override;
  // With the OTEL_BSP_* options; nullptr when there is no exporter (e.g. "none").
  static std::unique_ptr<SpanProcessor> create(std::unique_ptr<SpanExporter> exporter);

  void on_end(std::shared_ptr<const SpanData> span) noexcept override;
  bool force_flush(std::chrono::milliseconds timeout) noexcept override;
  bool shutdown(std::chrono::milliseconds timeout) noexcept override;

  std::uint64_t dropped_spans() const;   // queue full or after shutdown
  std::uint64_t exported_spans() const;  // handed to the exporter successfully
  std::uint64_t failed_spans() const;    // handed to the exporter, which failed

  struct State;  // shared with the worker thread (public for the implementation only)

 private:
  std::shared_ptr<State> state_;
};

}  // namespace otel::trace
