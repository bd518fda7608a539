// Replacing the global MeterProvider must not block readers of the global while the old
// provider shuts down (issue #17): its shutdown may take seconds (a final export).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "otel/metrics/meter_provider.h"
#include "otel/metrics/metric_reader.h"

using namespace otel::metrics;
using namespace std::chrono_literals;

namespace {

// A reader whose shutdown takes about a second, like a final export to a slow collector.
class SlowShutdownReader : public MetricReader {
 public:
  std::atomic<bool> shutting_down{false};

 protected:
  bool on_shutdown(std::chrono::milliseconds /*timeout*/) noexcept override {
    shutting_down.store(true);
    std::this_thread::sleep_for(1s);
    return true;
  }
};

}  // namespace

TEST(GlobalMeterProvider, SwapDoesNotBlockGetWhileOldProviderShutsDown) {
  const auto original = get_meter_provider();
  auto reader = std::make_shared<SlowShutdownReader>();
  {
    auto slow = std::make_shared<MeterProvider>(MeterProviderOptions{});
    ASSERT_TRUE(slow->add_reader(reader));
    set_meter_provider(std::move(slow));  // the global slot holds the only reference
  }

  // Releasing the global's last reference destroys the slow provider (a ~1 s shutdown).
  std::thread swapper([] { set_meter_provider(std::make_shared<MeterProvider>()); });
  const auto wait_until = std::chrono::steady_clock::now() + 5s;
  while (!reader->shutting_down.load() && std::chrono::steady_clock::now() < wait_until)
    std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(reader->shutting_down.load()) << "the replaced provider was not shut down";

  const auto start = std::chrono::steady_clock::now();
  const auto current = get_meter_provider();
  const auto took = std::chrono::steady_clock::now() - start;
  swapper.join();
  EXPECT_NE(current, nullptr);
  EXPECT_LT(took, 100ms) << "get_meter_provider() waited for the old provider's shutdown: "
                         << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                         << " ms";

  set_meter_provider(original);
}
