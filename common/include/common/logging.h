// Logging goes through spdlog's default logger, so every module can simply call
// spdlog::info(...). Telemetry attaches its OpenTelemetry sink to that logger later.
#pragma once

#include <string_view>

namespace common {

// Console logging on stderr: "2024-05-01 12:00:00.123 info message".
// LOG_LEVEL (trace, debug, info, warn, error; default info) sets the level.
void SetupConsoleLogging(std::string_view service_name);

}  // namespace common
