#include "common/faults.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "common/settings.h"

namespace common {
namespace {

// WORKSHOP_FAULT's settings for the fault it picks (see faults.h).
constexpr const char* kWorkshopSlowPlaces = "bm";  // about 14% of the gazetteer's places
constexpr double kWorkshopIssErrorFraction = 0.3;
constexpr int kWorkshopGatewayRetries = 3;

const char* NonEmpty(const char* name) {
  const char* text = std::getenv(name);
  return text != nullptr && *text != '\0' ? text : nullptr;
}

// A whole number in [low, high] from `name`, or `fallback` when unset.
long WholeSetting(const char* name, long fallback, long low, long high) {
  const char* text = NonEmpty(name);
  if (text == nullptr) return fallback;
  std::string_view view(text);
  long value = 0;
  auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (error != std::errc() || end != view.data() + view.size() || value < low || value > high) {
    throw StartupError(std::string(name) + " must be a whole number in [" + std::to_string(low) +
                       ", " + std::to_string(high) + "], got '" + text + "'");
  }
  return value;
}

}  // namespace

WorkshopFault WorkshopFaultFromEnv() {
  long code = WholeSetting("WORKSHOP_FAULT", 0, 1, 999999);
  if (code == 0) return WorkshopFault::kNone;
  switch (code % 3) {
    case 0:
      return WorkshopFault::kSlowPlaces;
    case 1:
      return WorkshopFault::kIssApiErrors;
    default:
      return WorkshopFault::kGatewayRetries;
  }
}

std::string SlowPlacesFromEnv() {
  const char* text = NonEmpty("FAULT_SLOW_PLACES");
  if (text == nullptr) {
    return WorkshopFaultFromEnv() == WorkshopFault::kSlowPlaces ? kWorkshopSlowPlaces : "";
  }
  std::string letters;
  for (const char* c = text; *c != '\0'; ++c) {
    bool letter = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z');
    if (!letter) {
      throw StartupError(
          std::string("FAULT_SLOW_PLACES must be first letters a-z (e.g. 'bm'), got '") + text +
          "'");
    }
    letters += static_cast<char>(std::tolower(static_cast<unsigned char>(*c)));
  }
  return letters;
}

int SlowPlacesDelayMsFromEnv() {
  return static_cast<int>(WholeSetting("FAULT_SLOW_MS", 300, 1, 10000));
}

double IssApiErrorFractionFromEnv() {
  const char* text = NonEmpty("FAULT_ISS_API_ERRORS");
  if (text == nullptr) {
    return WorkshopFaultFromEnv() == WorkshopFault::kIssApiErrors ? kWorkshopIssErrorFraction : 0.0;
  }
  std::string_view view(text);
  double fraction = -1;
  auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), fraction);
  if (error != std::errc() || end != view.data() + view.size() || !std::isfinite(fraction) ||
      fraction < 0 || fraction > 1) {
    throw StartupError(std::string("FAULT_ISS_API_ERRORS must be a fraction in [0, 1], got '") +
                       text + "'");
  }
  return fraction;
}

int GatewayRetriesFromEnv() {
  if (NonEmpty("FAULT_GATEWAY_RETRIES") == nullptr) {
    return WorkshopFaultFromEnv() == WorkshopFault::kGatewayRetries ? kWorkshopGatewayRetries : 0;
  }
  return static_cast<int>(WholeSetting("FAULT_GATEWAY_RETRIES", 0, 0, 10));
}

bool FailsEvenly(std::uint64_t call, double fraction) {
  if (fraction <= 0) return false;
  if (fraction >= 1) return true;
  return std::floor(static_cast<double>(call + 1) * fraction) >
         std::floor(static_cast<double>(call) * fraction);
}

}  // namespace common
