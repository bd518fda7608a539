// load-generator: places from the geolocator's offline gazetteer, submitted to the
// frontend at a steady rate (README Section 5, "Find the fault"). See options.cpp.
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <string>
#include <vector>

#include "gazetteer.h"
#include "load_run.h"
#include "options.h"

namespace {

std::atomic<bool> g_stop{false};
extern "C" void OnSignal(int) {
  g_stop.store(true);
}

std::string Statuses(const load::Stats::Snapshot& stats) {
  std::string text;
  for (const auto& [status, count] : stats.by_status) {
    if (status == 200) continue;
    text += (text.empty() ? "" : ", ") +
            (status == 0 ? std::string("no answer") : std::to_string(status)) + ": " +
            std::to_string(count);
  }
  return text.empty() ? "" : " (" + text + ")";
}

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  auto options = load::ParseOptions(std::vector<std::string>(argv + 1, argv + argc), error);
  if (!options) {
    std::fprintf(stderr, "load-generator: %s\n%s", error.c_str(), load::kUsage);
    return 2;
  }
  if (options->help) {
    std::fputs(load::kUsage, stdout);
    return 0;
  }
  std::vector<std::string> places;
  const geo::Gazetteer gazetteer = geo::Gazetteer::FromGeonames();
  // Only names the geolocator finds by themselves, so every error under load is a real
  // one: 2 of 24,361 are not ('Burgdorf, Hanover' reads as a qualified name; 'Зуунмод'
  // normalizes to nothing).
  for (const geo::City& city : gazetteer.cities()) {
    if (gazetteer.Find(city.name) != nullptr) places.push_back(city.name);
  }
  if (places.empty()) {
    std::fprintf(stderr,
                 "load-generator: the gazetteer has no places (libgeonames data missing?)\n");
    return 2;
  }
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::printf(
      "load-generator: %s %s, %.1f requests/s for %.0f s%s, at most %d in flight, "
      "%zu places (seed %llu)\n",
      options->via_gateway ? "GET" : "POST", options->url.c_str(), options->rate,
      options->duration_seconds,
      options->total ? (", at most " + std::to_string(*options->total) + " requests").c_str() : "",
      options->concurrency, places.size(), static_cast<unsigned long long>(options->seed));
  std::fflush(stdout);
  const bool terminal = isatty(STDOUT_FILENO) != 0;
  auto progress = [&](const load::Stats::Snapshot& s, double seconds) {
    if (options->quiet) return;
    // A terminal gets one line rewritten in place; a log gets a line a second.
    std::printf("%s%6.0f s  %llu requests (%.1f/s), %llu errors%s, p50 %.1f ms, p99 %.1f ms%s",
                terminal ? "\r\033[K" : "", seconds, static_cast<unsigned long long>(s.requests),
                seconds > 0 ? static_cast<double>(s.requests) / seconds : 0.0,
                static_cast<unsigned long long>(s.errors), Statuses(s).c_str(), s.p50_ms, s.p99_ms,
                terminal ? "" : "\n");
    std::fflush(stdout);
  };
  load::RunResult result = load::Run(*options, places, g_stop, progress);
  const load::Stats::Snapshot& s = result.stats;
  if (terminal && !options->quiet) std::printf("\n");
  std::printf(
      "load-generator: %s: %llu requests in %.1f s (%.1f/s), %llu ok, %llu errors%s; "
      "latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%s\n",
      result.interrupted ? "stopped" : "done", static_cast<unsigned long long>(s.requests),
      result.seconds, result.seconds > 0 ? static_cast<double>(s.requests) / result.seconds : 0.0,
      static_cast<unsigned long long>(s.requests - s.errors),
      static_cast<unsigned long long>(s.errors), Statuses(s).c_str(), s.p50_ms, s.p90_ms, s.p99_ms,
      s.max_ms,
      result.late > 0 ? (", " + std::to_string(result.late) +
                         " started over 100 ms late (all workers busy: raise --concurrency)")
                            .c_str()
                      : "");
  if (s.requests > 0 && s.errors == s.requests) {
    std::fflush(stdout);  // the summary first, also when both go to one pipe
    std::fprintf(stderr, "load-generator: no request succeeded (is %s up?)\n",
                 options->url.c_str());
    return 1;
  }
  return 0;
}
