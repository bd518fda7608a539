// The workshop's fault switches (README Section 5, "Find the fault"; docs/workshop.md
// lists them): off unless set, read once at start, a bad value a StartupError like any
// other setting. Each service reads only its own switch:
//   FAULT_SLOW_PLACES (+ FAULT_SLOW_MS)  geolocator-service
//   FAULT_ISS_API_ERRORS                  iss-distance-service
//   FAULT_GATEWAY_RETRIES                 gateway
// WORKSHOP_FAULT=N (a positive integer, e.g. bash's $RANDOM) switches on one of them
// without saying which (N % 3: 0 slow places, 1 ISS API errors, 2 gateway retries),
// so that one number in the environment of all four services, and of the checker that
// grades the answer, hides the fault from the attendee. An explicit switch wins.
#pragma once

#include <cstdint>
#include <string>

namespace common {

enum class WorkshopFault { kNone, kSlowPlaces, kIssApiErrors, kGatewayRetries };

// WORKSHOP_FAULT: kNone when unset; StartupError unless a whole number 1..999999.
WorkshopFault WorkshopFaultFromEnv();

// FAULT_SLOW_PLACES: the first letters (a-z, case-insensitive, e.g. "bm") of the places
// to slow down; "" when off. WORKSHOP_FAULT's slow-places fault: "bm".
std::string SlowPlacesFromEnv();
// FAULT_SLOW_MS: the delay, whole milliseconds 1..10000 (default 300).
int SlowPlacesDelayMsFromEnv();
// FAULT_ISS_API_ERRORS: the fraction of ISS position calls that fail, 0..1 (0: off).
// WORKSHOP_FAULT's ISS fault: 0.3.
double IssApiErrorFractionFromEnv();
// FAULT_GATEWAY_RETRIES: extra calls the gateway makes to iss-distance-service per
// request, 0..10 (0: off). WORKSHOP_FAULT's gateway fault: 3.
int GatewayRetriesFromEnv();

// Spreads failures evenly and deterministically: call n (from 0) fails when
// floor((n + 1) * fraction) > floor(n * fraction), so any run of calls fails within one
// of `fraction` of them (0.3: calls 3, 6, 9, 13, 16, 19, 23, ... fail: 3 in every 10).
bool FailsEvenly(std::uint64_t call, double fraction);

}  // namespace common
