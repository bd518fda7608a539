// LogRecord: one log entry as the OpenTelemetry log data model defines it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "otel/common/attribute_value.h"
#include "otel/common/instrumentation_scope.h"
#include "otel/context/span_context.h"
#include "otel/resource/resource.h"

namespace otel::logs {

// The data model's severity numbers (1-24; 0 = unspecified), four per level.
enum class Severity : int {
  kUnspecified = 0,
  kTrace = 1,
  kTrace2,
  kTrace3,
  kTrace4,
  kDebug = 5,
  kDebug2,
  kDebug3,
  kDebug4,
  kInfo = 9,
  kInfo2,
  kInfo3,
  kInfo4,
  kWarn = 13,
  kWarn2,
  kWarn3,
  kWarn4,
  kError = 17,
  kError2,
  kError3,
  kError4,
  kFatal = 21,
  kFatal2,
  kFatal3,
  kFatal4,
};

// "TRACE", "TRACE2", ... "FATAL4" (the data model's short names); "" for unspecified.
std::string_view severity_text(Severity severity);

struct LogRecord {
  std::uint64_t timestamp_ns = 0;           // when the event happened (0: unknown)
  std::uint64_t observed_timestamp_ns = 0;  // set by Logger::emit when 0
  Severity severity = Severity::kUnspecified;
  std::string severity_text;  // set from `severity` by Logger::emit when empty
  AttributeValue body;        // any OTLP value; usually the message string
  Attributes attributes;
  std::string event_name;
  // From the active span when emitted (Logger::emit fills them unless set).
  trace::TraceId trace_id;
  trace::SpanId span_id;
  trace::TraceFlags trace_flags;
};

// Where a record came from, shared by all records of one Logger.
struct LoggerOrigin {
  InstrumentationScope scope;
  std::shared_ptr<const Resource> resource;
};

// What processors and exporters receive.
struct LogData {
  LogRecord record;
  std::shared_ptr<const LoggerOrigin> origin;
};

}  // namespace otel::logs
