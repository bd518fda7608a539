// The OTLP/JSON mapping of any OTLP protobuf message (request, response or data):
// lowerCamelCase keys, enums as integers, int64/fixed64 as decimal strings, and trace
// and span ids (traceId, spanId, parentSpanId) as hex instead of base64. Decoding also
// accepts the original snake_case keys, enum names, and 64-bit integers as numbers or
// strings, and ignores unknown fields, as the specification asks of receivers.
#pragma once

#include <string>
#include <string_view>

namespace google::protobuf {
class Message;
}

namespace otel::exporters::otlp {

std::string to_otlp_json(const google::protobuf::Message& message);
// Fills `out` (cleared first). On failure returns false, leaves `out` cleared and sets
// *error when given.
bool from_otlp_json(std::string_view json, google::protobuf::Message& out,
                    std::string* error = nullptr);

}  // namespace otel::exporters::otlp
