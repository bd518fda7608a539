// The cost of making attribute strings valid UTF-8 (issue #19), measured in one run:
// an AttributeValue built from a string (checked, as the SDK does) against the same
// string stored without the check.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "otel/common/attribute_value.h"

namespace {

constexpr std::string_view kPath = "/api/coordinates";  // 16 bytes, a url.path
constexpr std::string_view kUserAgent =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36";  // 111 bytes
constexpr std::string_view kAccented = "S\xC3\xA3o Paulo, Bras\xC3\xADlia, Z\xC3\xBCrich";

std::string_view Text(int which) {
  return which == 0 ? kPath : which == 1 ? kUserAgent : kAccented;
}

void BM_AttributeFromStringChecked(benchmark::State& state) {
  const std::string_view text = Text(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    otel::AttributeValue value(text);
    benchmark::DoNotOptimize(value);
  }
}
BENCHMARK(BM_AttributeFromStringChecked)->Arg(0)->Arg(1)->Arg(2);

void BM_AttributeFromStringUnchecked(benchmark::State& state) {
  const std::string_view text = Text(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    otel::AttributeValue value;
    value.storage() = std::string(text);
    benchmark::DoNotOptimize(value);
  }
}
BENCHMARK(BM_AttributeFromStringUnchecked)->Arg(0)->Arg(1)->Arg(2);

}  // namespace
