#include "otel/trace/batch_span_processor.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <new>
#include <thread>

#include "common/fork_generation.h"
#include "common/no_throw.h"
#include "common/thread_name.h"
#include "common/thread_priority.h"
#include "otel/common/env.h"
#include "otel/common/internal_log.h"

namespace otel::trace {

BatchSpanProcessorOptions BatchSpanProcessorOptions::from_env() {
  BatchSpanProcessorOptions o;
  if (auto v = env::get_int("OTEL_BSP_MAX_QUEUE_SIZE"); v && *v > 0)
    o.max_queue_size = static_cast<std::size_t>(*v);
  if (auto v = env::get_duration_ms("OTEL_BSP_SCHEDULE_DELAY")) o.schedule_delay = *v;
  if (auto v = env::get_duration_ms("OTEL_BSP_EXPORT_TIMEOUT")) o.export_timeout = *v;
  if (auto v = env::get_int("OTEL_BSP_MAX_EXPORT_BATCH_SIZE"); v && *v > 0)
    o.max_export_batch_size = static_cast<std::size_t>(*v);
  if (o.max_export_batch_size > o.max_queue_size) o.max_export_batch_size = o.max_queue_size;
  return o;
}

namespace {
std::size_t round_up_pow2(std::size_t n) {
  std::size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}
}  // namespace

// A bounded multi-producer queue (Vyukov's array queue: one CAS per push, no lock) and
// the worker's wake-up and flush bookkeeping.
struct BatchSpanProcessor::State {
  // A slot keeps its span after the worker took (a copy of) it: the producer that reuses
  // the slot a lap later releases it, so a span's memory is normally freed on a request
  // thread, where it was allocated, rather than by the worker in bursts of 512. (Freeing
  // on the worker made every span cost the producing thread ~3.5 µs: glibc arena-lock
  // contention and cache-line transfers between the cores.) Costs up to max_queue_size
  // exported spans kept in memory; the worker releases them all when it stops.
  struct Slot {
    std::atomic<std::size_t> sequence;
    std::shared_ptr<const SpanData> span;
  };

  BatchSpanProcessorOptions options;
  std::unique_ptr<SpanExporter> exporter;
  std::size_t capacity;
  std::unique_ptr<Slot[]> slots;
  alignas(64) std::atomic<std::size_t> enqueue_pos{0};
  alignas(64) std::atomic<std::size_t> dequeue_pos{0};
  alignas(64) std::atomic<std::uint64_t> dropped{0};
  // Producers between their `stopping` check and the end of their push: the worker may
  // clear the slots only when none is (see release_slots).
  alignas(64) std::atomic<std::size_t> producers_in_flight{0};
  std::atomic<std::uint64_t> exported{0};
  std::atomic<std::uint64_t> failed{0};

  std::mutex mutex;
  std::condition_variable wake;      // worker waits here
  std::condition_variable progress;  // flush/shutdown callers wait here
  std::atomic<bool> batch_ready{false};
  std::atomic<bool> stopping{false};
  // steady_clock ticks of the moment shutdown() stops waiting (set before `stopping`).
  std::atomic<std::chrono::steady_clock::rep> shutdown_deadline_ticks{
      std::chrono::steady_clock::time_point::max().time_since_epoch().count()};
  std::uint64_t flush_requested = 0;  // guarded by mutex
  std::uint64_t flush_completed = 0;  // guarded by mutex
  bool worker_done = false;           // guarded by mutex
  std::unique_ptr<std::thread> worker;
  std::atomic<std::uint64_t> generation{0};
  std::atomic_flag restarting = ATOMIC_FLAG_INIT;

  State(std::unique_ptr<SpanExporter> e, BatchSpanProcessorOptions o)
      : options(o),
        exporter(std::move(e)),
        capacity(round_up_pow2(std::max<std::size_t>(o.max_queue_size, 2))),
        slots(new Slot[capacity]) {
    if (options.max_export_batch_size == 0) options.max_export_batch_size = 1;
    for (std::size_t i = 0; i < capacity; ++i) slots[i].sequence.store(i);
  }

  std::size_t size() const {
    return enqueue_pos.load(std::memory_order_relaxed) -
           dequeue_pos.load(std::memory_order_relaxed);
  }

  bool try_push(std::shared_ptr<const SpanData>&& span) {
    std::size_t pos = enqueue_pos.load(std::memory_order_relaxed);
    for (;;) {
      Slot& slot = slots[pos & (capacity - 1)];
      const std::size_t seq = slot.sequence.load(std::memory_order_acquire);
      const auto diff = static_cast<std::ptrdiff_t>(seq) - static_cast<std::ptrdiff_t>(pos);
      if (diff == 0) {
        if (enqueue_pos.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          slot.span = std::move(span);
          slot.sequence.store(pos + 1, std::memory_order_release);
          return true;
        }
      } else if (diff < 0) {
        return false;  // full
      } else {
        pos = enqueue_pos.load(std::memory_order_relaxed);
      }
    }
  }

  // Single consumer (the worker).
  bool try_pop(std::shared_ptr<const SpanData>& out) {
    const std::size_t pos = dequeue_pos.load(std::memory_order_relaxed);
    Slot& slot = slots[pos & (capacity - 1)];
    const std::size_t seq = slot.sequence.load(std::memory_order_acquire);
    if (static_cast<std::ptrdiff_t>(seq) - static_cast<std::ptrdiff_t>(pos + 1) < 0) return false;
    out = slot.span;  // the slot keeps a reference (see Slot)
    dequeue_pos.store(pos + 1, std::memory_order_relaxed);
    slot.sequence.store(pos + capacity, std::memory_order_release);
    return true;
  }

  // Exports what is queued now, in batches. Returns when the queue is empty. While shutting
  // down, spans are lost (counted as dropped) when their export fails or the shutdown
  // deadline has passed: the caller stops waiting then, so nothing more is attempted.
  //
  // `full_batches_only`: woken because a full batch is waiting, export full batches and
  // leave the rest for the next one (or the schedule delay). Draining everything here
  // made a busy service export a dribble of 50-100 spans per call, back to back (each
  // call paying gRPC's fixed cost), instead of one call per 512 spans.
  void export_queued(bool full_batches_only) {
    SpanBatch batch;
    batch.reserve(options.max_export_batch_size);
    for (;;) {
      if (full_batches_only && size() < options.max_export_batch_size) return;
      std::shared_ptr<const SpanData> span;
      while (batch.size() < options.max_export_batch_size && try_pop(span))
        batch.push_back(std::move(span));
      if (batch.empty()) return;
      const auto count = batch.size();
      const bool final_export = stopping.load();
      if (final_export && std::chrono::steady_clock::now() >= shutdown_deadline()) {
        dropped.fetch_add(count);
        batch.clear();
        continue;
      }
      ExportResult result = ExportResult::kFailure;
      try {
        result = exporter->export_spans(batch);
      } catch (const std::exception& error) {
        internal::error(std::string("span exporter threw: ") + error.what());
      } catch (...) {
        internal::error("span exporter threw a non-standard exception");
      }
      if (result == ExportResult::kSuccess) {
        exported.fetch_add(count);
      } else {
        // Failed while shutting down (perhaps cancelled by it): these spans are lost.
        (stopping.load() ? dropped : failed).fetch_add(count);
      }
      batch.clear();
    }
  }

  // At the end of the worker: drops the references the slots keep, once no producer can
  // be writing one (`stopping` is set, so new ones turn back before touching a slot).
  void release_slots() {
    while (producers_in_flight.load() != 0) std::this_thread::yield();
    for (std::size_t i = 0; i < capacity; ++i) slots[i].span.reset();
  }

  std::chrono::steady_clock::time_point shutdown_deadline() const {
    return std::chrono::steady_clock::time_point(
        std::chrono::steady_clock::duration(shutdown_deadline_ticks.load()));
  }

  static void run(const std::shared_ptr<State>& self) {
    State& s = *self;
    std::unique_lock lock(s.mutex);
    for (;;) {
      const bool woken = s.wake.wait_for(lock, s.options.schedule_delay, [&] {
        return s.stopping.load() || s.flush_requested != s.flush_completed ||
               s.batch_ready.load(std::memory_order_relaxed);
      });
      const bool stop = s.stopping.load();
      const std::uint64_t flush_target = s.flush_requested;
      // Only a full batch woke us: the schedule delay, a flush or shutdown take everything.
      const bool full_batches_only = woken && !stop && flush_target == s.flush_completed;
      s.batch_ready.store(false, std::memory_order_relaxed);
      lock.unlock();
      s.export_queued(full_batches_only);
      lock.lock();
      if (flush_target != s.flush_completed) {
        s.flush_completed = flush_target;
        s.progress.notify_all();
      }
      if (stop) {
        lock.unlock();
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            s.shutdown_deadline() - std::chrono::steady_clock::now());
        const bool ok = s.exporter->shutdown(
            std::clamp(left, std::chrono::milliseconds(0), s.options.export_timeout));
        if (!ok) internal::warn("span exporter shutdown did not complete");
        s.release_slots();
        lock.lock();
        s.worker_done = true;
        s.progress.notify_all();
        return;
      }
    }
  }

  void start_worker(const std::shared_ptr<State>& self) {
    worker = std::make_unique<std::thread>([self] {
      internal::name_this_thread("otel-spans");
      internal::deprioritize_this_thread();
      run(self);
    });
  }

  // In a forked child: the worker thread and any lock it held did not come along.
  void restart_after_fork(const std::shared_ptr<State>& self, std::uint64_t now) {
    if (restarting.test_and_set()) return;
    if (generation.load() != now) {
      new (&mutex) std::mutex();
      new (&wake) std::condition_variable();
      new (&progress) std::condition_variable();
      (void)worker.release();  // the thread does not exist here: forget it, never join it
      std::shared_ptr<const SpanData> span;
      while (try_pop(span)) span.reset();  // the parent exports these
      flush_requested = flush_completed = 0;
      worker_done = false;
      generation.store(now);
      if (!stopping.load()) start_worker(self);
    }
    restarting.clear();
  }
};

std::unique_ptr<SpanProcessor> BatchSpanProcessor::create(std::unique_ptr<SpanExporter> exporter) {
  if (!exporter) return nullptr;
  return std::make_unique<BatchSpanProcessor>(std::move(exporter),
                                              BatchSpanProcessorOptions::from_env());
}

BatchSpanProcessor::BatchSpanProcessor(std::unique_ptr<SpanExporter> exporter,
                                       BatchSpanProcessorOptions options)
    : state_(std::make_shared<State>(std::move(exporter), options)) {
  state_->generation.store(internal::fork_generation());
  state_->start_worker(state_);
}

BatchSpanProcessor::~BatchSpanProcessor() {
  shutdown(std::chrono::seconds(5));
}

void BatchSpanProcessor::on_end(std::shared_ptr<const SpanData> span) noexcept {
  internal::run_guarded("BatchSpanProcessor::on_end", [&] {
    if (!span->context.is_sampled()) return;
    State& s = *state_;
    const std::uint64_t now = internal::fork_generation();
    if (s.generation.load(std::memory_order_relaxed) != now) s.restart_after_fork(state_, now);
    s.producers_in_flight.fetch_add(1);  // seq_cst with `stopping`: see release_slots
    if (s.stopping.load() || !s.try_push(std::move(span))) {
      s.producers_in_flight.fetch_sub(1);
      s.dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    s.producers_in_flight.fetch_sub(1);
    // Wake the worker once per full batch; it also wakes every schedule_delay anyway.
    if (s.size() >= s.options.max_export_batch_size &&
        !s.batch_ready.load(std::memory_order_relaxed) && !s.batch_ready.exchange(true)) {
      s.wake.notify_one();
    }
  });
}

bool BatchSpanProcessor::force_flush(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "BatchSpanProcessor::force_flush", [&] {
    State& s = *state_;
    std::unique_lock lock(s.mutex);
    if (s.worker_done) return s.size() == 0;
    const std::uint64_t target = ++s.flush_requested;
    s.wake.notify_one();
    return s.progress.wait_for(lock, timeout,
                               [&] { return s.worker_done || s.flush_completed >= target; });
  });
}

bool BatchSpanProcessor::shutdown(std::chrono::milliseconds timeout) noexcept {
  return internal::result_or(false, "BatchSpanProcessor::shutdown", [&] {
    State& s = *state_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    {
      std::lock_guard lock(s.mutex);  // one shutdown sets the deadline
      if (s.stopping.load()) return s.worker_done;
      s.shutdown_deadline_ticks.store(deadline.time_since_epoch().count());
      s.stopping.store(true);
    }
    // The final export must end by the deadline, retries included; an export already
    // waiting to retry gives up now.
    s.exporter->begin_shutdown(deadline);
    bool done = false;
    {
      std::unique_lock lock(s.mutex);
      s.wake.notify_one();
      // Most of the budget goes to the final export. If the exporter is still waiting for
      // the collector then (a hanging one), it is shut down under it, which cancels the send
      // in flight, and the worker gets the rest of the budget to count its spans as dropped.
      const auto grace = std::min<std::chrono::steady_clock::duration>(
          timeout / 10, std::chrono::milliseconds(100));
      done = s.progress.wait_until(lock, deadline - grace, [&] { return s.worker_done; });
      if (!done) {
        lock.unlock();
        try {
          s.exporter->shutdown(std::chrono::milliseconds(0));
        } catch (...) {  // an exporter's failure never escapes shutdown
        }
        lock.lock();
        done = s.progress.wait_until(lock, deadline, [&] { return s.worker_done; });
      }
    }
    if (s.worker) {
      if (done && s.worker->joinable()) {
        s.worker->join();
      } else if (s.worker->joinable()) {
        // The exporter is stuck past our timeout: let the thread finish on its own; it
        // keeps the shared state alive, so nothing it touches is freed under it.
        internal::warn("batch span processor shutdown timed out; exporting continues detached");
        s.worker->detach();
      }
    }
    return done;
  });
}

std::uint64_t BatchSpanProcessor::dropped_spans() const {
  return state_->dropped.load();
}
std::uint64_t BatchSpanProcessor::exported_spans() const {
  return state_->exported.load();
}
std::uint64_t BatchSpanProcessor::failed_spans() const {
  return state_->failed.load();
}

}  // namespace otel::trace
