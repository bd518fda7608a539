// Decoding an OTLP/HTTP request body into its Export*ServiceRequest, and encoding
// the answer in the same encoding. Kept apart from the HTTP server so the fuzz
// target and the tests can call it directly.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

namespace viewer {

enum class BodyEncoding { kProtobuf, kJson, kUnsupported };

// From a Content-Type header value ("application/json; charset=utf-8" → kJson).
BodyEncoding EncodingOf(std::string_view content_type);

// Fills `out` from `body`; false with *error set when the body is malformed
// (nothing of it may be stored then).
bool DecodeRequest(std::string_view body, BodyEncoding encoding, google::protobuf::Message& out,
                   std::string* error);

// The response body for a successful export, in the request's encoding.
std::string EncodeResponse(const google::protobuf::Message& response, BodyEncoding encoding);

// A google.rpc.Status body (code + message) for 4xx answers, in the request's
// encoding (protobuf for anything that is not JSON).
std::string EncodeStatus(int grpc_code, std::string_view message, BodyEncoding encoding);

}  // namespace viewer
