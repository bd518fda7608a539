// The OpenMetrics 1.0 parts of the exposition (#18): exemplars after counter and bucket
// samples, and the counter family name without `_total`.
#pragma once

#include <string>

#include "opentelemetry/proto/metrics/v1/metrics.pb.h"

namespace otel::prometheus {

using ExemplarsProto =
    google::protobuf::RepeatedPtrField<opentelemetry::proto::metrics::v1::Exemplar>;

// ` # {trace_id="..",span_id="..",...} value timestamp` for the latest exemplar whose value
// lies in (lower, upper] (a histogram bucket; the whole line for a counter), or "" when
// there is none. Filtered attributes are added as labels while the label set stays within
// OpenMetrics' 128 characters; the ids always fit.
std::string open_metrics_exemplar(const ExemplarsProto& exemplars, double lower, double upper);

// OpenMetrics names a counter family without the `_total` its samples carry.
std::string open_metrics_counter_family(const std::string& sample_name);

}  // namespace otel::prometheus
