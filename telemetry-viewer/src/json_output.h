// The JSON API's shapes (see docs/telemetry-viewer.md and the contract).
#pragma once

#include <nlohmann/json.hpp>

#include "model.h"
#include "query.h"

namespace viewer {

nlohmann::json ValueToJson(const ValueView& value);
nlohmann::json AttributesToJson(const Attributes& attributes);
nlohmann::json TraceSummaryToJson(const TraceSummary& summary);
nlohmann::json SpanToJson(const Span& span);
nlohmann::json LogToJson(const LogRecord& log);
nlohmann::json MetricSummaryToJson(const MetricSummary& summary);
nlohmann::json MetricSeriesSetToJson(const MetricSeriesSet& set);
nlohmann::json ServiceMapToJson(const ServiceMap& map);

}  // namespace viewer
