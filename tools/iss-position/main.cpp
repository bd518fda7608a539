// iss-position: where the ISS (or any near-earth satellite) is, from two-line elements,
// without the internet. Prints one JSON object; see --help.
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "options.h"
#include "orbit/satellite_tracker.h"
#include "report.h"

namespace {

constexpr int kModelError = 1;
constexpr int kBadArguments = 2;

int BadArguments(const std::string& why) {
  std::cerr << "iss-position: " << why << "\n" << iss_position::kUsage;
  return kBadArguments;
}

orbit::Expected<orbit::SatelliteTracker, std::string> LoadTracker(
    const iss_position::Options& options) {
  if (options.tle_file)
    return orbit::SatelliteTracker::FromTleFile(*options.tle_file, options.catalog_number);
  return orbit::SatelliteTracker::FromTleText(orbit::BundledIssTle(), options.catalog_number);
}

}  // namespace

int main(int argc, char** argv) {
  auto options = iss_position::ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) return BadArguments(options.error());
  if (options->help) {
    std::cout << iss_position::kUsage;
    return 0;
  }

  auto tracker = LoadTracker(*options);
  if (!tracker) {
    // A deep-space set is the model's limit, not a mistake in the arguments.
    const bool model_refused = tracker.error().find("deep-space") != std::string::npos;
    if (model_refused) {
      std::cerr << "iss-position: " << tracker.error() << "\n";
      return kModelError;
    }
    return BadArguments(tracker.error());
  }

  auto time =
      iss_position::ResolveTime(options->at, tracker->epoch(), std::chrono::system_clock::now());
  if (!time) return BadArguments(time.error());

  auto report = iss_position::BuildReport(*tracker, *time, options->observer);
  if (!report) {
    std::cerr << "iss-position: " << report.error().message << "\n";
    return kModelError;
  }
  std::cout << report->dump(2) << "\n";
  return 0;
}
