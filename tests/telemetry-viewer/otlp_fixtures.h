// OTLP requests shaped like the system's four services, built with the SDK's
// generated protobuf types: the tests', benchmarks' and browser test's telemetry.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

namespace viewer_fixtures {

using TraceRequest = opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest;
using LogsRequest = opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest;
using MetricsRequest = opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest;

uint64_t NowUnixNano();
// 16 / 8 random bytes.
std::string RandomTraceId(std::mt19937_64& rng);
std::string RandomSpanId(std::mt19937_64& rng);
std::string Hex(const std::string& bytes);

struct WorkshopTrace {
  std::string trace_id;         // raw bytes
  std::string iss_client_span;  // the iss-distance-service span that called the ISS API
  TraceRequest traces;  // frontend → gateway → geolocator-service / iss-distance-service
  LogsRequest logs;     // iss-distance-service and gateway logs carrying the trace id
};

// One request through the system: 10 spans in 4 services. `failing` makes the
// ISS call fail (status ERROR, an error log, a 502 up the chain).
WorkshopTrace MakeWorkshopTrace(std::mt19937_64& rng, uint64_t start_unix_nano,
                                const std::string& location, bool failing);

// The services' metrics at one export: cumulative counters incoming.requests and
// iss.requests{response.status}, the http.server.request.duration histogram and a gauge.
MetricsRequest MakeWorkshopMetrics(uint64_t time_unix_nano, uint64_t start_unix_nano,
                                   int requests_so_far, int failures_so_far);

// `count` spans of one service with a few attributes each (benchmarks, eviction tests).
TraceRequest MakeSpanBatch(std::mt19937_64& rng, int count, const std::string& service,
                           uint64_t start_unix_nano, int spans_per_trace = 8);

// `count` HTTP server spans as the services' instrumentation makes them: 12 attributes
// each (method, url.path/scheme/query, server/client address and port, user agent,
// protocol version, route, status code); client ports and queries vary per span.
TraceRequest MakeHttpSpanBatch(std::mt19937_64& rng, int count, const std::string& service,
                               uint64_t start_unix_nano, int spans_per_trace = 8);

}  // namespace viewer_fixtures
