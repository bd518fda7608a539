// Where the frontend asks "which trace is this request in?". Until telemetry is
// set up nothing provides an id; setup_tracing() installs a provider later.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace common {

using TraceIdProvider = std::function<std::optional<std::string>()>;

void SetTraceIdProvider(TraceIdProvider provider);
// The current request's trace id (32 hex digits), if telemetry knows one.
std::optional<std::string> CurrentTraceId();

}  // namespace common
