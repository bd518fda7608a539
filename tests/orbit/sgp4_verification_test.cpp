// Runs Vallado's SGP4 verification set (shipped by Debian's python3-sgp4) through our
// propagator: every near-earth case is compared with the reference output, deep-space
// cases must be rejected, and cases where the reference stops early must fail in our
// model at the next time step.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "orbit/sgp4.h"
#include "orbit/tle.h"

namespace {

struct VerificationCase {
  orbit::ElementSet elements;
  bool checksum_ok = true;
  double start = 0, stop = 0, step = 0;  // minutes, appended to line 2
};

struct ReferenceRow {
  double minutes;
  orbit::Vec3 position_km, velocity_km_s;
};

struct ReferenceBlock {
  int catalog_number;
  std::vector<ReferenceRow> rows;
};

const std::string kDirectory = ORBIT_VERIFICATION_DIR;

std::vector<VerificationCase> ReadCases() {
  std::ifstream file(kDirectory + "/SGP4-VER.TLE");
  EXPECT_TRUE(file) << "cannot read " << kDirectory << "/SGP4-VER.TLE (python3-sgp4)";
  std::vector<VerificationCase> cases;
  std::string line, line1;
  while (std::getline(file, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("1 ", 0) == 0) line1 = line;
    if (line.rfind("2 ", 0) != 0) continue;
    VerificationCase entry;
    std::istringstream times(line.substr(69));
    times >> entry.start >> entry.stop >> entry.step;
    auto parsed = orbit::ParseTle(line1, line.substr(0, 69));
    if (!parsed) {
      // A few sets of the file reuse other sets' lines with a new catalog number, so
      // their checksums are wrong: our parser must say so, and only that.
      EXPECT_NE(parsed.error().message.find("checksum"), std::string::npos)
          << parsed.error().message;
      entry.checksum_ok = false;
      parsed = orbit::ParseTle(line1, line.substr(0, 69), {}, {.verify_checksum = false});
    }
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    if (!parsed) continue;
    entry.elements = *parsed;
    cases.push_back(entry);
  }
  return cases;
}

std::vector<ReferenceBlock> ReadReference() {
  std::ifstream file(kDirectory + "/tcppver.out");
  EXPECT_TRUE(file) << "cannot read " << kDirectory << "/tcppver.out (python3-sgp4)";
  std::vector<ReferenceBlock> blocks;
  std::string line;
  while (std::getline(file, line)) {
    if (line.find("xx") != std::string::npos) {
      blocks.push_back({std::stoi(line), {}});
      continue;
    }
    std::istringstream fields(line);
    ReferenceRow row;
    if (!(fields >> row.minutes)) continue;
    for (double& value : row.position_km) fields >> value;
    for (double& value : row.velocity_km_s) fields >> value;
    if (fields && !blocks.empty()) blocks.back().rows.push_back(row);
  }
  return blocks;
}

double Distance(const orbit::Vec3& a, const orbit::Vec3& b) {
  return std::sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                   (a[2] - b[2]) * (a[2] - b[2]));
}

TEST(Sgp4Verification, MatchesVallado) {
  const auto cases = ReadCases();
  const auto reference = ReadReference();
  ASSERT_EQ(cases.size(), reference.size()) << "one reference block per element set";
  ASSERT_GE(cases.size(), 30u);

  double worst_position_m = 0, worst_velocity_mm_s = 0;
  std::string worst_position_at, worst_velocity_at;
  int near_earth = 0, deep_space = 0, stopped_early = 0, rows_compared = 0, bad_checksums = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const VerificationCase& entry = cases[i];
    const ReferenceBlock& block = reference[i];
    const int catalog = entry.elements.catalog_number;
    ASSERT_EQ(catalog, block.catalog_number);
    if (!entry.checksum_ok) ++bad_checksums;
    const double period = 1440.0 / entry.elements.mean_motion_rev_per_day;
    auto model = orbit::Sgp4::Create(entry.elements);
    if (period >= orbit::kDeepSpacePeriodMinutes) {
      ++deep_space;
      ASSERT_FALSE(model) << catalog << ": period " << period << " min must be rejected";
      EXPECT_EQ(model.error().kind, orbit::ModelErrorKind::kDeepSpaceNotSupported)
          << catalog << ": " << model.error().message;
      continue;
    }
    ++near_earth;
    ASSERT_TRUE(entry.checksum_ok) << catalog;
    ASSERT_TRUE(model) << catalog << ": " << model.error().message;
    for (const ReferenceRow& row : block.rows) {
      auto state = model->Propagate(row.minutes);
      ASSERT_TRUE(state) << catalog << " at " << row.minutes << ": " << state.error().message;
      const double dr_m = Distance(state->position_km, row.position_km) * 1000.0;
      const double dv_mm_s = Distance(state->velocity_km_s, row.velocity_km_s) * 1.0e6;
      ++rows_compared;
      EXPECT_LT(dr_m, 0.001) << catalog << " at " << row.minutes << " min";
      EXPECT_LT(dv_mm_s, 0.01) << catalog << " at " << row.minutes << " min";
      if (dr_m > worst_position_m) {
        worst_position_m = dr_m;
        worst_position_at = std::to_string(catalog) + " at " + std::to_string(row.minutes);
      }
      if (dv_mm_s > worst_velocity_mm_s) {
        worst_velocity_mm_s = dv_mm_s;
        worst_velocity_at = std::to_string(catalog) + " at " + std::to_string(row.minutes);
      }
    }
    // The reference run stops at the first model error: the step after its last row
    // (or the stop time) must be an error for us too.
    const double last = block.rows.back().minutes;
    if (last < entry.stop - 1e-6) {
      ++stopped_early;
      const double failing = std::min(last + entry.step, entry.stop);
      auto state = model->Propagate(failing);
      EXPECT_FALSE(state) << catalog << " should fail at " << failing << " min";
      if (!state) {
        std::cout << "  " << catalog << ": error as expected: " << state.error().message << "\n";
      }
    }
  }
  std::cout << "SGP4 verification: " << near_earth << " near-earth sets (" << rows_compared
            << " states compared, " << stopped_early << " ending in a model error), " << deep_space
            << " deep-space sets rejected, " << bad_checksums
            << " sets with a wrong checksum in the file\n"
            << "  largest position deviation " << worst_position_m << " m (" << worst_position_at
            << " min)\n  largest velocity deviation " << worst_velocity_mm_s << " mm/s ("
            << worst_velocity_at << " min)\n";
  EXPECT_GE(near_earth, 9);
  EXPECT_GE(stopped_early, 3);
}

}  // namespace
