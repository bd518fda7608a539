// The incoming request's headers as the server instrumentation reads them: Host,
// User-Agent and the W3C propagation fields found in one pass, and a carrier for the
// propagator's extract().
//
// Why not httplib's get_header_value(): each call builds a std::string key and does a
// multimap look-up that calls tolower() for every character of every comparison, and
// the instrumentation needs five headers per request.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "otel/propagation/text_map.h"

namespace otel::instrumentation::httplib::detail {

class RequestHeaders final : public propagation::TextMapCarrier {
 public:
  explicit RequestHeaders(const ::httplib::Headers& headers);

  // The first value of each header ("" when absent), as get_header_value() answers.
  std::string_view host() const { return host_.value_or(std::string_view()); }
  std::string_view user_agent() const { return user_agent_.value_or(std::string_view()); }

  // TextMapCarrier (read-only); case-insensitive like every carrier.
  std::optional<std::string_view> get(std::string_view key) const override;
  void set(std::string_view, std::string_view) override {}
  std::vector<std::string> keys() const override;

 private:
  const ::httplib::Headers& headers_;
  std::optional<std::string_view> host_;
  std::optional<std::string_view> user_agent_;
  std::optional<std::string_view> traceparent_;
  std::optional<std::string_view> tracestate_;
  std::optional<std::string_view> baggage_;
};

}  // namespace otel::instrumentation::httplib::detail
