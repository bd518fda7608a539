// BackgroundWorker: the thread behind the batch log processor and the periodic metric
// reader. It runs a piece of work every `period`, when woken early, when a flush asks
// for it, and one last time when stopped; flush and stop wait at most their timeout,
// so telemetry never hangs its host program on a slow exporter.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace otel::internal {

class BackgroundWorker {
 public:
  using Clock = std::chrono::steady_clock;

  // Starts the thread, named `name` (see thread_name.h). `work` runs on it, never
  // concurrently with itself.
  BackgroundWorker(std::chrono::milliseconds period, std::function<void()> work,
                   std::string_view name);
  ~BackgroundWorker();  // Stop(5 s) if nobody did, then joins
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // Runs the work soon without waiting for the period (e.g. a full batch). Cheap when
  // a wake-up is already pending; callable from any thread.
  void wake();

  // Runs the work now and waits until it finished, at most `timeout`. False on timeout
  // or when the worker is stopping.
  bool flush(std::chrono::milliseconds timeout);

  // Runs the work a last time and ends the thread, waiting at most until `deadline`.
  // When the deadline passes with the work still running (an export hanging),
  // `cancel` is called (e.g. the exporter's shutdown, which makes the export give
  // up) and the thread gets a short grace period. `cancel` is called in every case
  // with the time left (0 if none) and its result is and-ed into the return value.
  // Returns whether the thread finished. Only the first call does anything.
  bool stop(Clock::time_point deadline,
            const std::function<bool(std::chrono::milliseconds)>& cancel = nullptr);

  bool stopping() const;

 private:
  void run();

  std::chrono::milliseconds period_;
  std::string name_;
  std::function<void()> work_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_completed_ = 0;
  bool woken_ = false;
  bool stopping_ = false;
  bool stopped_ = false;
  std::thread thread_;
};

}  // namespace otel::internal
