#include "load_run.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace load {
namespace {

using Clock = std::chrono::steady_clock;

double Percentile(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// splitmix64: a cheap, well-mixed hash of (seed, index).
std::uint64_t Mix(std::uint64_t value) {
  value += 0x9e3779b97f4a7c15ULL;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

// One request; the HTTP status, or 0 when no answer came.
int Send(httplib::Client& client, const Options& options, const std::string& place) {
  httplib::Result result =
      options.via_gateway ? client.Get("/?location=" + httplib::detail::encode_query_param(place))
                          : client.Post("/", httplib::Params{{"location", place}});
  return result ? result->status : 0;
}

}  // namespace

void Stats::Record(int status, double milliseconds) {
  std::lock_guard lock(mutex_);
  latencies_ms_.push_back(milliseconds);
  ++by_status_[status];
}

Stats::Snapshot Stats::Take() const {
  std::vector<double> sorted;
  Snapshot snapshot;
  {
    std::lock_guard lock(mutex_);
    sorted = latencies_ms_;
    snapshot.by_status = by_status_;
  }
  std::sort(sorted.begin(), sorted.end());
  snapshot.requests = sorted.size();
  for (const auto& [status, count] : snapshot.by_status) {
    if (status != 200) snapshot.errors += count;
  }
  snapshot.p50_ms = Percentile(sorted, 0.50);
  snapshot.p90_ms = Percentile(sorted, 0.90);
  snapshot.p99_ms = Percentile(sorted, 0.99);
  snapshot.max_ms = sorted.empty() ? 0 : sorted.back();
  return snapshot;
}

const std::string& PlaceFor(const std::vector<std::string>& places, std::uint64_t seed,
                            std::uint64_t index) {
  return places[Mix(seed * 0x100000001b3ULL + index) % places.size()];
}

RunResult Run(const Options& options, const std::vector<std::string>& places,
              const std::atomic<bool>& stop,
              const std::function<void(const Stats::Snapshot&, double seconds)>& progress) {
  const auto planned = static_cast<std::uint64_t>(
      std::max(1.0, std::floor(options.rate * options.duration_seconds)));
  const std::uint64_t total = options.total ? std::min(*options.total, planned) : planned;
  const auto interval = std::chrono::duration<double>(1.0 / options.rate);
  const auto timeout = std::chrono::duration<double>(options.timeout_seconds);

  Stats stats;
  std::atomic<std::uint64_t> next{0}, late{0}, finished{0};
  const Clock::time_point start = Clock::now();
  auto worker = [&] {
    httplib::Client client(options.url);  // one keep-alive connection per worker
    client.set_keep_alive(true);
    client.set_connection_timeout(std::chrono::duration_cast<std::chrono::microseconds>(timeout));
    client.set_read_timeout(std::chrono::duration_cast<std::chrono::microseconds>(timeout));
    for (;;) {
      std::uint64_t index = next.fetch_add(1);
      if (index >= total || stop.load()) break;
      Clock::time_point due = start + std::chrono::duration_cast<Clock::duration>(
                                          interval * static_cast<double>(index));
      // Sleep in short steps so Ctrl-C ends a slow-rate run at once.
      while (Clock::now() < due && !stop.load()) {
        std::this_thread::sleep_for(
            std::min<Clock::duration>(due - Clock::now(), std::chrono::milliseconds(100)));
      }
      if (stop.load()) break;
      Clock::time_point sent = Clock::now();
      if (sent - due > std::chrono::milliseconds(100)) late.fetch_add(1);
      int status = Send(client, options, PlaceFor(places, options.seed, index));
      stats.Record(status, std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
      finished.fetch_add(1);
    }
  };
  std::vector<std::thread> workers;
  const auto count = static_cast<int>(std::min<std::uint64_t>(options.concurrency, total));
  workers.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) workers.emplace_back(worker);
  {
    // Progress once a second until the workers are done.
    Clock::time_point next_report = start + std::chrono::seconds(1);
    while (finished.load() < total && !stop.load() && next.load() < total + count) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (Clock::now() >= next_report) {
        progress(stats.Take(), std::chrono::duration<double>(Clock::now() - start).count());
        next_report += std::chrono::seconds(1);
      }
    }
  }
  for (std::thread& thread : workers) thread.join();
  RunResult result;
  result.stats = stats.Take();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.late = late.load();
  result.interrupted = stop.load();
  return result;
}

}  // namespace load
