// Instrument name / unit / description rules from the OpenTelemetry metrics API
// specification. An invalid instrument is replaced by a no-op one (never a crash) and
// the reason is reported once through the SDK's diagnostic log.
#pragma once

#include <string>
#include <string_view>

namespace otel::metrics {

// Empty when valid; otherwise a sentence saying what is wrong.
// Names: ASCII letter first, then up to 254 of [A-Za-z0-9_.-/].
std::string validate_instrument_name(std::string_view name);
// Units: at most 63 ASCII characters.
std::string validate_instrument_unit(std::string_view unit);
// Descriptions: at most 1023 characters (anything longer is refused, not cut).
std::string validate_instrument_description(std::string_view description);

}  // namespace otel::metrics
