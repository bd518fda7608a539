#include "common/background_worker.h"

#include <algorithm>

#include "common/thread_name.h"
#include "common/thread_priority.h"

namespace otel::internal {

BackgroundWorker::BackgroundWorker(std::chrono::milliseconds period, std::function<void()> work,
                                   std::string_view name)
    : period_(period.count() > 0 ? period : std::chrono::milliseconds(1000)),
      name_(name),
      work_(std::move(work)) {
  thread_ = std::thread([this] {
    name_this_thread(name_);
    deprioritize_this_thread();
    run();
  });
}

BackgroundWorker::~BackgroundWorker() {
  stop(Clock::now() + std::chrono::seconds(5));
  // The work may still be running past Stop's grace period; it was cancelled, so
  // waiting for it here is short, and the thread must not outlive `work_`.
  if (thread_.joinable()) thread_.join();
}

void BackgroundWorker::wake() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (woken_) return;
    woken_ = true;
  }
  wake_.notify_one();
}

bool BackgroundWorker::stopping() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

void BackgroundWorker::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  auto next = Clock::now() + period_;
  while (true) {
    wake_.wait_until(lock, next,
                     [&] { return stopping_ || woken_ || flush_requested_ > flush_completed_; });
    woken_ = false;
    const std::uint64_t target = flush_requested_;
    const bool last = stopping_;
    lock.unlock();
    work_();
    lock.lock();
    // The period counts from the last periodic run: early runs (a full batch, a flush)
    // do not push the schedule back.
    if (Clock::now() >= next) next = Clock::now() + period_;
    flush_completed_ = std::max(flush_completed_, target);
    done_.notify_all();
    if (last) break;
  }
  stopped_ = true;
  done_.notify_all();
}

bool BackgroundWorker::flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return false;
  const std::uint64_t ticket = ++flush_requested_;
  wake_.notify_one();
  return done_.wait_for(lock, timeout, [&] { return flush_completed_ >= ticket || stopped_; }) &&
         flush_completed_ >= ticket;
}

bool BackgroundWorker::stop(Clock::time_point deadline,
                            const std::function<bool(std::chrono::milliseconds)>& cancel) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_) return stopped_;
  stopping_ = true;
  wake_.notify_one();
  if (std::this_thread::get_id() == thread_.get_id()) {
    // Called from inside the work (an exporter shutting its provider down): the thread
    // cannot wait for itself; it ends after this run.
    lock.unlock();
    return !cancel || cancel(std::chrono::milliseconds(0));
  }
  bool finished = done_.wait_until(lock, deadline, [&] { return stopped_; });
  lock.unlock();
  bool cancel_ok = true;
  if (cancel) {
    const auto left =
        std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()),
                 std::chrono::milliseconds(0));
    cancel_ok = cancel(left);
  }
  if (!finished) {
    lock.lock();
    finished = done_.wait_for(lock, std::chrono::milliseconds(200), [&] { return stopped_; });
    lock.unlock();
  }
  if (finished && thread_.joinable()) thread_.join();
  return finished && cancel_ok;
}

}  // namespace otel::internal
