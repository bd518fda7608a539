// Costs of the calls the iss-distance-service makes per request.
#include <benchmark/benchmark.h>

#include <chrono>

#include "orbit/satellite_tracker.h"

namespace {

const orbit::Observer kParis{48.8566, 2.3522, 0.035};

// A different instant each iteration (a second apart, wrapping after a day) so nothing
// is cached or folded away.
orbit::TimePoint Instant(const orbit::SatelliteTracker& tracker, int64_t i) {
  return tracker.epoch() + std::chrono::seconds(i % 86400);
}

void BM_Sgp4PropagateOnly(benchmark::State& state) {
  auto model = orbit::Sgp4::Create(orbit::SatelliteTracker::BundledIss().elements()).value();
  double minutes = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(model.Propagate(minutes));
    minutes += 1.0 / 60.0;
  }
}
BENCHMARK(BM_Sgp4PropagateOnly);

void BM_PositionAt_PropagateAndGeodetic(benchmark::State& state) {
  const auto tracker = orbit::SatelliteTracker::BundledIss();
  int64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(tracker.PositionAt(Instant(tracker, i++)));
}
BENCHMARK(BM_PositionAt_PropagateAndGeodetic);

void BM_LookFrom(benchmark::State& state) {
  const auto tracker = orbit::SatelliteTracker::BundledIss();
  int64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(tracker.LookFrom(kParis, Instant(tracker, i++)));
}
BENCHMARK(BM_LookFrom);

void BM_NextPass24h(benchmark::State& state) {
  const auto tracker = orbit::SatelliteTracker::BundledIss();
  int64_t i = 0;
  for (auto _ : state) {
    // Start an hour apart each time: different distances to the next pass.
    benchmark::DoNotOptimize(
        tracker.NextPass(kParis, tracker.epoch() + std::chrono::hours(i++ % 24)));
  }
}
BENCHMARK(BM_NextPass24h)->Unit(benchmark::kMicrosecond);

void BM_ParseTle(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(orbit::ParseTleText(orbit::BundledIssTle()));
}
BENCHMARK(BM_ParseTle);

}  // namespace
