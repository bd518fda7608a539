// Hot paths of the backends: gazetteer look-ups, building the index, the
// geodesic distance and parsing the ISS API's answer.
#include <benchmark/benchmark.h>

#include "distance.h"
#include "gazetteer.h"
#include "live_iss_source.h"

namespace {

const geo::Gazetteer& World() {
  static const geo::Gazetteer world = geo::Gazetteer::FromGeonames();
  return world;
}

void BM_GazetteerFind(benchmark::State& state, const char* query) {
  const geo::Gazetteer& world = World();
  for (auto _ : state) benchmark::DoNotOptimize(world.Find(query));
}
BENCHMARK_CAPTURE(BM_GazetteerFind, London, "London");
BENCHMARK_CAPTURE(BM_GazetteerFind, ParisFrance, "Paris, France");
BENCHMARK_CAPTURE(BM_GazetteerFind, SaoPauloAccents, "São Paulo");
BENCHMARK_CAPTURE(BM_GazetteerFind, Unknown, "Qwxzzy Nowhere");

void BM_GazetteerBuildIndex(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(geo::Gazetteer::FromGeonames().size());
}
BENCHMARK(BM_GazetteerBuildIndex)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_GeodesicDistance(benchmark::State& state) {
  double latitude = 51.5;
  for (auto _ : state) {
    benchmark::DoNotOptimize(iss::GeodesicDistanceKm(latitude, -0.12, -33.9, 151.2));
  }
}
BENCHMARK(BM_GeodesicDistance);

void BM_ParseOpenNotify(benchmark::State& state) {
  const char* body =
      R"({"message": "success", "timestamp": 1700000000, "iss_position": {"latitude": "-51.2345", "longitude": "120.5"}})";
  for (auto _ : state) benchmark::DoNotOptimize(iss::ParseOpenNotify(body).has_value());
}
BENCHMARK(BM_ParseOpenNotify);

}  // namespace
