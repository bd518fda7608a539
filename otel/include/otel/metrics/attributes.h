// How measurements name their attributes. The values are the SDK's one attribute type
// (otel::AttributeValue); the keys are borrowed for the duration of the call, so
// `counter.add(1, {{"response.status", 200}})` costs no heap allocation.
#pragma once

#include <initializer_list>
#include <string_view>
#include <utility>

#include "otel/common/attribute_value.h"

namespace otel::metrics {

using MeasurementAttribute = std::pair<std::string_view, AttributeValue>;
using MeasurementAttributes = std::initializer_list<MeasurementAttribute>;

}  // namespace otel::metrics
