// internal::call_each_within: one timeout shared by calls made in turn (providers'
// force_flush/shutdown, SdkHandle).
#include "common/deadline.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace {

using std::chrono::milliseconds;

struct Step {
  milliseconds takes{0};
  bool result = true;
  bool called = false;
  milliseconds given{-1};
};

bool RunStep(Step& step, milliseconds left) {
  step.called = true;
  step.given = left;
  std::this_thread::sleep_for(step.takes);
  return step.result;
}

TEST(CallEachWithin, LaterCallsGetWhatEarlierOnesLeft) {
  std::vector<std::unique_ptr<Step>> steps;
  steps.push_back(std::make_unique<Step>(Step{milliseconds(120)}));
  steps.push_back(std::make_unique<Step>());
  ASSERT_TRUE(otel::internal::call_each_within(steps, milliseconds(200), RunStep));
  EXPECT_GE(steps[0]->given.count(), 190);
  EXPECT_LE(steps[1]->given.count(), 80);  // 200 - 120, less scheduling
  EXPECT_GE(steps[1]->given.count(), 0);
}

TEST(CallEachWithin, SpentBudgetGivesZeroNotNegative) {
  std::vector<std::unique_ptr<Step>> steps;
  steps.push_back(std::make_unique<Step>(Step{milliseconds(30)}));
  steps.push_back(std::make_unique<Step>());
  otel::internal::call_each_within(steps, milliseconds(5), RunStep);
  EXPECT_EQ(steps[1]->given, milliseconds(0));
}

TEST(CallEachWithin, EveryItemIsCalledAfterAFailureAndTheFailureIsReported) {
  std::vector<std::unique_ptr<Step>> steps;
  steps.push_back(std::make_unique<Step>(Step{milliseconds(0), false}));
  steps.push_back(std::make_unique<Step>());
  EXPECT_FALSE(otel::internal::call_each_within(steps, milliseconds(100), RunStep));
  EXPECT_TRUE(steps[1]->called);
}

TEST(CallEachWithin, MaxTimeoutMeansNoLimitWithoutOverflow) {
  std::vector<std::unique_ptr<Step>> steps;
  steps.push_back(std::make_unique<Step>());
  otel::internal::call_each_within(steps, milliseconds::max(), RunStep);
  // now + max would wrap to the past and give zero; "no limit" stays huge.
  EXPECT_GT(steps[0]->given, std::chrono::hours(24 * 365));
}

}  // namespace
