#include "request_decoder.h"

#include <otel/exporters/otlp/otlp_json.h>

#include <nlohmann/json.hpp>

namespace viewer {

BodyEncoding EncodingOf(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  std::string_view type = content_type.substr(0, semicolon);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type == "application/x-protobuf" || type == "application/protobuf")
    return BodyEncoding::kProtobuf;
  if (type == "application/json") return BodyEncoding::kJson;
  return BodyEncoding::kUnsupported;
}

bool DecodeRequest(std::string_view body, BodyEncoding encoding, google::protobuf::Message& out,
                   std::string* error) {
  out.Clear();
  if (encoding == BodyEncoding::kJson) {
    std::string why;
    if (!otel::exporters::otlp::from_otlp_json(body, out, &why)) {
      if (error) *error = "malformed OTLP/JSON body: " + why;
      out.Clear();
      return false;
    }
    return true;
  }
  if (encoding == BodyEncoding::kProtobuf) {
    if (body.size() > INT32_MAX ||
        !out.ParseFromArray(body.data(), static_cast<int>(body.size()))) {
      if (error) *error = "malformed OTLP/protobuf body";
      out.Clear();
      return false;
    }
    return true;
  }
  if (error) *error = "unsupported content type";
  return false;
}

std::string EncodeResponse(const google::protobuf::Message& response, BodyEncoding encoding) {
  if (encoding == BodyEncoding::kJson) return otel::exporters::otlp::to_otlp_json(response);
  return response.SerializeAsString();
}

std::string EncodeStatus(int grpc_code, std::string_view message, BodyEncoding encoding) {
  if (encoding == BodyEncoding::kJson)
    return nlohmann::json{{"code", grpc_code}, {"message", message}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
  // google.rpc.Status { int32 code = 1; string message = 2; }, written by hand: it is
  // not among our .proto files and is two fields long.
  std::string out;
  const auto varint = [&out](uint64_t v) {
    while (v >= 0x80) {
      out += static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    out += static_cast<char>(v);
  };
  out += '\x08';
  varint(static_cast<uint64_t>(grpc_code));
  out += '\x12';
  varint(message.size());
  out.append(message);
  return out;
}

}  // namespace viewer
