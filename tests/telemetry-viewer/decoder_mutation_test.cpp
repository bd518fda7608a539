// A short mutation run over the OTLP/HTTP decoders and the conversion: valid
// protobuf and JSON bodies with flipped bits, truncations and splices must never
// crash, and a body that does not decode must store nothing. (Not libFuzzer: this
// runs with the project's compiler in every build; about two seconds.)
#include <gtest/gtest.h>
#include <otel/exporters/otlp/otlp_json.h>

#include <chrono>

#include "ingest.h"
#include "otlp_fixtures.h"
#include "request_decoder.h"
#include "store.h"

namespace viewer {
namespace {

std::string Mutate(std::string body, std::mt19937_64& rng) {
  if (body.empty()) return body;
  switch (rng() % 4) {
    case 0:  // flip a few bits
      for (int i = 0; i < 1 + static_cast<int>(rng() % 4); ++i)
        body[rng() % body.size()] ^= static_cast<char>(1u << (rng() % 8));
      break;
    case 1:  // truncate
      body.resize(rng() % body.size());
      break;
    case 2: {  // duplicate a slice somewhere else
      const size_t from = rng() % body.size(), length = rng() % (body.size() - from + 1);
      body.insert(rng() % body.size(), body.substr(from, length));
      break;
    }
    default:  // overwrite a byte with something structural
      body[rng() % body.size()] = "{}[]\":,0\x08\x12\xff"[rng() % 13];
  }
  return body;
}

TEST(DecoderMutation, NeverCrashesAndRejectedBodiesStoreNothing) {
  std::mt19937_64 rng(20261125);
  auto trace = viewer_fixtures::MakeWorkshopTrace(rng, 1'700'000'000'000'000'000ull, "Paris", true);
  const auto metrics = viewer_fixtures::MakeWorkshopMetrics(2'000, 1'000, 10, 2);
  const std::vector<std::pair<BodyEncoding, std::string>> seeds = {
      {BodyEncoding::kProtobuf, trace.traces.SerializeAsString()},
      {BodyEncoding::kJson, otel::exporters::otlp::to_otlp_json(trace.traces)},
      {BodyEncoding::kProtobuf, metrics.SerializeAsString()},
      {BodyEncoding::kJson, otel::exporters::otlp::to_otlp_json(metrics)},
      {BodyEncoding::kProtobuf, trace.logs.SerializeAsString()},
      {BodyEncoding::kJson, otel::exporters::otlp::to_otlp_json(trace.logs)}};
  Store store;
  Ingest ingest(store, nullptr);
  int decoded = 0, rejected = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (int i = 0; std::chrono::steady_clock::now() < deadline; ++i) {
    const auto& [encoding, seed] = seeds[static_cast<size_t>(i) % seeds.size()];
    std::string body = Mutate(seed, rng);
    if (rng() % 3 == 0) body = Mutate(body, rng);
    const StoreStats before = store.Stats();
    std::string error;
    bool ok = false;
    // Through Ingest, as the receivers decode (protobuf traces: the direct decoder,
    // or protobuf when it declines).
    switch (i % 3) {
      case 0:
        ok = ingest.Traces(body, encoding, &error).has_value();
        break;
      case 1:
        ok = ingest.Metrics(body, encoding, &error).has_value();
        break;
      default:
        ok = ingest.Logs(body, encoding, &error).has_value();
    }
    if (ok) {
      ++decoded;
    } else {
      ++rejected;
      EXPECT_FALSE(error.empty());
      const StoreStats after = store.Stats();
      EXPECT_EQ(after.spans, before.spans);
      EXPECT_EQ(after.logs, before.logs);
      EXPECT_EQ(after.metric_points, before.metric_points);
    }
  }
  // Both paths were exercised; the API still answers over what was stored.
  EXPECT_GT(decoded, 10);
  EXPECT_GT(rejected, 10);
  store.SearchTraces({});
  store.SearchLogs({});
  store.BuildServiceMap();
  for (const auto& metric : store.ListMetrics()) store.GetMetric(metric.descriptor.name, "");
}

}  // namespace
}  // namespace viewer
