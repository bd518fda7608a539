// OTLP/protobuf trace requests decoded straight into the model, without building
// the generated protobuf messages first: one pass over the bytes, no per-field
// allocations (the spans' strings are copied once, into their own storage).
//
// Equivalent to parsing an ExportTraceServiceRequest and running ConvertTraces on
// it (same spans, same rejections and messages) for every request it accepts. It
// declines (nullopt) whatever it does not handle — a body protobuf might reject,
// array or map attribute values, unusual encodings (see wire_reader.h) — and the
// caller then takes the protobuf path, which decides. Tests and the fuzz target
// compare the two paths.
#pragma once

#include <optional>
#include <string_view>

#include "otlp_convert.h"

namespace viewer {

std::optional<Converted<SpanPtr>> DecodeTraces(std::string_view body);

}  // namespace viewer
