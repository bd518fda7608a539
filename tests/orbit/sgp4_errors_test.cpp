// Elements the model cannot use are errors with a kind and a message, never numbers.
#include <gtest/gtest.h>

#include <cmath>

#include "orbit/sgp4.h"

namespace {

orbit::ElementSet Iss() {
  return orbit::ParseTle("1 25544U 98067A   26259.85263506  .00007068  00000+0  13566-3 0  9993",
                         "2 25544  51.6307 206.4210 0004838 147.2470 212.8820 15.49143506585961")
      .value();
}

TEST(Sgp4Errors, MeanMotionMustBePositive) {
  orbit::ElementSet elements = Iss();
  elements.mean_motion_rev_per_day = 0.0;
  auto model = orbit::Sgp4::Create(elements);
  ASSERT_FALSE(model);
  EXPECT_EQ(model.error().kind, orbit::ModelErrorKind::kMeanMotionNotPositive);
  EXPECT_NE(model.error().message.find("mean motion"), std::string::npos);
}

TEST(Sgp4Errors, EccentricityMustBeBelowOne) {
  orbit::ElementSet elements = Iss();
  elements.eccentricity = 1.0;
  auto model = orbit::Sgp4::Create(elements);
  ASSERT_FALSE(model);
  EXPECT_EQ(model.error().kind, orbit::ModelErrorKind::kEccentricityOutOfRange);
}

TEST(Sgp4Errors, DeepSpaceIsRejectedWithThePeriod) {
  orbit::ElementSet elements = Iss();
  elements.mean_motion_rev_per_day = 1440.0 / 230.0;  // a 230 minute period
  auto model = orbit::Sgp4::Create(elements);
  ASSERT_FALSE(model);
  EXPECT_EQ(model.error().kind, orbit::ModelErrorKind::kDeepSpaceNotSupported);
  EXPECT_NE(model.error().message.find("225"), std::string::npos) << model.error().message;
  elements.mean_motion_rev_per_day = 1440.0 / 220.0;  // near-earth, just
  EXPECT_TRUE(orbit::Sgp4::Create(elements));
}

TEST(Sgp4Errors, HeavyDragEndsInAnErrorWithItsTime) {
  orbit::ElementSet elements = Iss();
  elements.bstar = 0.05;  // hundreds of times the real drag
  auto model = orbit::Sgp4::Create(elements);
  ASSERT_TRUE(model) << model.error().message;
  double minutes = 0;
  for (; minutes < 100 * 1440; minutes += 60) {
    auto state = model->Propagate(minutes);
    if (!state) {
      EXPECT_EQ(state.error().minutes_since_epoch, minutes);
      EXPECT_NE(state.error().message.find("min from the element set's epoch"), std::string::npos);
      break;
    }
    for (double x : state->position_km) ASSERT_TRUE(std::isfinite(x));
  }
  EXPECT_LT(minutes, 100 * 1440) << "the orbit must decay, not yield numbers forever";
}

}  // namespace
