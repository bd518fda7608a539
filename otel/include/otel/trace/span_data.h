// What a span records: the read-only view processors and exporters receive.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "otel/common/attribute_value.h"
#include "otel/common/instrumentation_scope.h"
#include "otel/context/span_context.h"
#include "otel/resource/resource.h"

namespace otel::trace {

// Numbered as OTLP's Span.SpanKind.
enum class SpanKind { kInternal = 1, kServer = 2, kClient = 3, kProducer = 4, kConsumer = 5 };
// Numbered as OTLP's Status.StatusCode.
enum class StatusCode { kUnset = 0, kOk = 1, kError = 2 };

const char* to_string(SpanKind kind);
const char* to_string(StatusCode code);

struct SpanEvent {
  std::string name;
  std::uint64_t time_unix_nano = 0;
  Attributes attributes;
  std::uint32_t dropped_attributes_count = 0;
};

struct SpanLink {
  SpanContext context;
  Attributes attributes;
  std::uint32_t dropped_attributes_count = 0;
};

struct SpanData {
  SpanContext context;
  SpanId parent_span_id;  // invalid (all zero) for a root span
  bool parent_is_remote = false;
  std::string name;
  SpanKind kind = SpanKind::kInternal;
  std::uint64_t start_time_unix_nano = 0;
  std::uint64_t end_time_unix_nano = 0;
  Attributes attributes;
  std::uint32_t dropped_attributes_count = 0;
  std::vector<SpanEvent> events;
  std::uint32_t dropped_events_count = 0;
  std::vector<SpanLink> links;
  std::uint32_t dropped_links_count = 0;
  StatusCode status_code = StatusCode::kUnset;
  std::string status_message;
  // Owned by the TracerProvider / Tracer, which every span keeps alive.
  const Resource* resource = nullptr;
  const InstrumentationScope* scope = nullptr;
};

}  // namespace otel::trace
