// The workshop's iss-distance-service telemetry (Sections 1-3), next to the code it
// measures: the two counters and the two spans. Instruments and tracer come from the
// global providers that main.cpp's setup_metrics()/setup_tracing() installed (no-ops
// before that, or with OTEL_SDK_DISABLED=true).
#pragma once

#include <string_view>

#include "iss_position.h"
#include "otel/trace/tracer.h"

namespace iss::telemetry {

// incoming.requests: one per request to "/".
void CountIncomingRequest();
// iss.requests{response.status}: one per answer of the ISS position API (the live
// source). SGP4 makes no HTTP call, so it is not counted; neither is a call that got
// no answer at all (refused, timed out): there is no status to count it under.
void CountIssRequest(int response_status);

// "calculating-iss-distance", current until destroyed.
otel::trace::ScopedSpan StartCalculatingSpan();
// "getting-iss-coordinates", a child of the current span, current until destroyed.
otel::trace::ScopedSpan StartCoordinatesSpan();

// The HTTP call to the ISS endpoint, on the current (getting-iss-coordinates) span:
// http.request.method, url.full, http.response.status_code (0: no answer).
void RecordIssCall(std::string_view url, int status_code);
// Where the position came from, on the current span: iss.source, iss.position
// ("lat,lon"), and for SGP4 the elements' epoch and age; or status ERROR and why.
void RecordPosition(const PositionResult& result);

}  // namespace iss::telemetry
