// Picks the ISS position source named by ISS_SOURCE (a StartupError for an
// unknown name). New sources (tle, auto) are added here.
#pragma once

#include <memory>

#include "iss_position.h"

namespace iss {

// Reads ISS_SOURCE (default "live"), ISS_NOW_URL and UPSTREAM_TIMEOUT_SECONDS.
std::unique_ptr<IssPositionSource> PositionSourceFromEnv();

}  // namespace iss
