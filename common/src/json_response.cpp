#include "common/json_response.h"

namespace common {

void SendJson(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Replace invalid UTF-8 rather than throwing: an error message may quote user input.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void SendError(httplib::Response& res, int status, std::string_view message) {
  SendJson(res, status, nlohmann::json{{"error", std::string(message)}});
}

std::string ErrorText(std::string_view body) {
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("error") && parsed["error"].is_string()) {
    return parsed["error"].get<std::string>();
  }
  constexpr size_t kMaxShown = 300;
  size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  size_t end = body.find_last_not_of(" \t\r\n");
  std::string text(body.substr(start, end - start + 1));
  if (text.size() > kMaxShown) text = text.substr(0, kMaxShown) + "...";
  return text;
}

}  // namespace common
