#include "instrumentation/request_headers.h"

namespace otel::instrumentation::httplib::detail {
namespace {

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

void keep_first(std::optional<std::string_view>& slot, const std::string& value) {
  if (!slot) slot = value;
}

}  // namespace

bool header_name_is(std::string_view name, std::string_view other) {
  if (name.size() != other.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (ascii_lower(name[i]) != ascii_lower(other[i])) return false;
  return true;
}

RequestHeaders::RequestHeaders(const ::httplib::Headers& headers) : headers_(headers) {
  for (const auto& [name, value] : headers) {
    // The length picks the one candidate worth comparing.
    switch (name.size()) {
      case 4:
        if (header_name_is(name, "host")) keep_first(host_, value);
        break;
      case 7:
        if (header_name_is(name, "baggage")) keep_first(baggage_, value);
        break;
      case 10:
        if (header_name_is(name, "user-agent")) {
          keep_first(user_agent_, value);
        } else if (header_name_is(name, "tracestate")) {
          keep_first(tracestate_, value);
        }
        break;
      case 11:
        if (header_name_is(name, "traceparent")) keep_first(traceparent_, value);
        break;
      default:
        break;
    }
  }
}

std::optional<std::string_view> RequestHeaders::get(std::string_view key) const {
  if (key == "traceparent") return traceparent_;
  if (key == "tracestate") return tracestate_;
  if (key == "baggage") return baggage_;
  // Another propagator's field (or a key not in lower case): look it up.
  for (const auto& [name, value] : headers_)
    if (header_name_is(name, key)) return std::string_view(value);
  return std::nullopt;
}

std::vector<std::string> RequestHeaders::keys() const {
  std::vector<std::string> out;
  out.reserve(headers_.size());
  for (const auto& header : headers_) out.push_back(header.first);
  return out;
}

}  // namespace otel::instrumentation::httplib::detail
