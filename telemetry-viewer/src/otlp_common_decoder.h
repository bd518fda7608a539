// Decoding the OTLP messages that every signal shares (common/v1 KeyValue and
// AnyValue, resource/v1 Resource, InstrumentationScope) from the wire straight
// into the model, for the direct decoders (trace_decoder.h). Like them, every
// function returns false to decline: the caller then leaves the request to protobuf.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "model.h"
#include "wire_reader.h"

namespace viewer {

// An AnyValue's scalar being read: its type and text. The text points into the
// request for strings, into `scratch` for numbers and hex.
struct ScalarValue {
  ValueType type = ValueType::kEmpty;
  std::string_view text;
  std::string scratch;
};

// A string field: length-delimited and valid UTF-8, as protobuf requires.
bool IsString(const wire::Field& field);

// Appends one KeyValue to `attributes` (array and map values decline).
bool DecodeKeyValue(std::string_view data, AttributesBuilder& attributes, ScalarValue& scratch);
bool DecodeAnyValue(std::string_view data, ScalarValue& value);
// A Resource's attributes, appended to `attributes` (occurrences of a resource merge).
bool DecodeResource(std::string_view data, AttributesBuilder& attributes, ScalarValue& scratch);
// Name and version into `scope`; its attributes are checked, not kept.
bool DecodeScope(std::string_view data, Scope& scope, AttributesBuilder& attributes,
                 ScalarValue& scratch);
// The model's resource for these attributes, named by service.name as ConvertResource does.
std::shared_ptr<const Resource> MakeResource(Attributes attributes);

}  // namespace viewer
