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

int ModelError(const std::string& why) {
  std::cerr << "iss-position: " << why << "\n";
  return kModelError;
}

// The chosen element set: from --tle (or the bundled text), picked by --catalog.
orbit::Expected<orbit::ElementSet, orbit::TleError> LoadElements(
    const iss_position::Options& options) {
  auto sets = options.tle_file ? orbit::ReadTleFile(*options.tle_file)
                               : orbit::ParseTleText(orbit::BundledIssTle());
  if (!sets) return orbit::MakeUnexpected(sets.error());
  if (!options.catalog_number) return sets->front();
  return orbit::SelectByCatalogNumber(*sets, *options.catalog_number);
}

}  // namespace

int main(int argc, char** argv) {
  auto options = iss_position::ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
  if (!options) return BadArguments(options.error());
  if (options->help) {
    std::cout << iss_position::kUsage;
    return 0;
  }

  // An unusable file is a bad argument; elements SGP4 cannot use (deep space) are a
  // model error.
  auto elements = LoadElements(*options);
  if (!elements) return BadArguments(elements.error().message);
  auto tracker = orbit::SatelliteTracker::FromElementSet(*elements);
  if (!tracker) return ModelError(tracker.error());

  auto time =
      iss_position::ResolveTime(options->at, tracker->epoch(), std::chrono::system_clock::now());
  if (!time) return BadArguments(time.error());

  auto report = iss_position::BuildReport(*tracker, *time, options->observer);
  if (!report) return ModelError(report.error().message);
  std::cout << report->dump(2) << "\n";
  return 0;
}
