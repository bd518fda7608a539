// ISS_TLE_URL: fetches fresh ISS elements (CelesTrak GP text, FORMAT=TLE) in the
// background, at start and then every `interval`, and swaps them into a
// TleIssSource. Failures are warnings and keep the current elements; requests
// never wait for a download.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "common/http_client.h"

namespace iss {

class TleIssSource;

struct TleRefreshSettings {
  std::string url;
  std::chrono::milliseconds interval{std::chrono::hours(6)};
  common::HttpTimeouts timeouts;
};

class TleRefresher {
 public:
  // Does not start the thread (see Start), so tests can call RefreshOnce alone.
  TleRefresher(TleRefreshSettings settings, TleIssSource& target);
  ~TleRefresher();  // stops and joins the thread
  TleRefresher(const TleRefresher&) = delete;
  TleRefresher& operator=(const TleRefresher&) = delete;

  // One download; true when new elements were swapped in.
  bool RefreshOnce();
  // Refreshes now, then every interval, on a background thread.
  void Start();

 private:
  void Run();

  TleRefreshSettings settings_;
  TleIssSource& target_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace iss
