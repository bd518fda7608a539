#include "otel/exporters/otlp/otlp_json.h"

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

namespace otel::exporters::otlp {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(const std::string& in) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += kBase64[v & 63];
  }
  if (i < in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) v |= static_cast<unsigned char>(in[i + 1]) << 8;
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += i + 1 < in.size() ? kBase64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

bool base64_decode(const std::string& in, std::string& out) {
  out.clear();
  unsigned buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    const int v = base64_value(c);
    if (v < 0) return false;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_id_key(const std::string& key) {
  return key == "traceId" || key == "spanId" || key == "parentSpanId" || key == "trace_id" ||
         key == "span_id" || key == "parent_span_id";
}

// Encoding: protobuf's JSON printer writes bytes as base64; OTLP wants hex for ids.
void ids_to_hex(nlohmann::json& node) {
  static constexpr char kHex[] = "0123456789abcdef";
  if (node.is_array()) {
    for (auto& item : node) ids_to_hex(item);
    return;
  }
  if (!node.is_object()) return;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (is_id_key(it.key()) && it.value().is_string()) {
      std::string raw;
      base64_decode(it.value().get<std::string>(), raw);
      std::string hex;
      for (unsigned char c : raw) {
        hex += kHex[c >> 4];
        hex += kHex[c & 15];
      }
      it.value() = hex;
    } else {
      ids_to_hex(it.value());
    }
  }
}

// Decoding: hex ids back to base64 for protobuf's parser.
bool ids_from_hex(nlohmann::json& node, std::string& error) {
  if (node.is_array()) {
    for (auto& item : node)
      if (!ids_from_hex(item, error)) return false;
    return true;
  }
  if (!node.is_object()) return true;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (is_id_key(it.key()) && it.value().is_string()) {
      const auto hex = it.value().get<std::string>();
      if (hex.size() % 2 != 0) {
        error = it.key() + " is not hex: '" + hex + "'";
        return false;
      }
      std::string raw;
      for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = hex_value(hex[i]);
        const int lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) {
          error = it.key() + " is not hex: '" + hex + "'";
          return false;
        }
        raw += static_cast<char>(hi * 16 + lo);
      }
      it.value() = base64_encode(raw);
    } else if (!ids_from_hex(it.value(), error)) {
      return false;
    }
  }
  return true;
}

// Nesting of OTLP/JSON is shallow (an AnyValue inside a log record inside its
// scope and resource: about 10 levels) and protobuf's JSON parser stops at 100.
// The id walks below and nlohmann's dump() recurse once per level, so a body
// nested 100,000 deep (80 KB) overflowed the stack; anything deeper than this is
// refused before a tree is built.
constexpr int kMaxJsonDepth = 100;

// True when brackets outside strings nest deeper than max_depth: one pass, no
// allocation, far cheaper than the parse it guards.
bool nests_deeper_than(std::string_view json, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

std::string to_otlp_json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_enums_as_ints = true;
  options.preserve_proto_field_names = false;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) return "{}";
  auto tree = nlohmann::json::parse(json);
  ids_to_hex(tree);
  return tree.dump();
}

bool from_otlp_json(std::string_view json, google::protobuf::Message& out, std::string* error) {
  out.Clear();
  std::string why;
  if (nests_deeper_than(json, kMaxJsonDepth)) {
    if (error != nullptr) *error = "JSON nested deeper than 100 levels";
    return false;
  }
  nlohmann::json tree = nlohmann::json::parse(json, nullptr, false);
  if (tree.is_discarded() || !tree.is_object()) {
    why = "not a JSON object";
  } else if (ids_from_hex(tree, why)) {
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    const auto status = google::protobuf::util::JsonStringToMessage(tree.dump(), &out, options);
    if (status.ok()) return true;
    why = std::string(status.message());
  }
  out.Clear();
  if (error != nullptr) *error = why;
  return false;
}

}  // namespace otel::exporters::otlp
