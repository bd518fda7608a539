// One load run: `concurrency` workers start requests on a fixed schedule (request i at
// start + i / rate, an open-loop load: a slow service does not slow the schedule, only
// the free workers bound what is in flight), each with a place from `places`.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "options.h"

namespace load {

// Latencies and outcomes so far; thread-safe.
class Stats {
 public:
  void Record(int status, double milliseconds);  // status 0: no answer
  struct Snapshot {
    std::uint64_t requests = 0;
    std::uint64_t errors = 0;  // anything but 200
    std::map<int, std::uint64_t> by_status;
    double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
  };
  Snapshot Take() const;

 private:
  mutable std::mutex mutex_;
  std::vector<double> latencies_ms_;
  std::map<int, std::uint64_t> by_status_;
};

struct RunResult {
  Stats::Snapshot stats;
  double seconds = 0;      // from the first start to the last answer
  std::uint64_t late = 0;  // requests started more than 100 ms behind their schedule
  bool interrupted = false;
};

// Runs the load; `progress` is called about once a second from the calling thread;
// `stop` (e.g. set by SIGINT) ends it early.
RunResult Run(const Options& options, const std::vector<std::string>& places,
              const std::atomic<bool>& stop,
              const std::function<void(const Stats::Snapshot&, double seconds)>& progress);

// The place for request `index`: the same seed gives the same sequence.
const std::string& PlaceFor(const std::vector<std::string>& places, std::uint64_t seed,
                            std::uint64_t index);

}  // namespace load
