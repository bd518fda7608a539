// JSON answers for API callers. Errors are always {"error": "..."}.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string_view>

namespace common {

void SendJson(httplib::Response& res, int status, const nlohmann::json& body);
void SendError(httplib::Response& res, int status, std::string_view message);

// The "error" text of a JSON error body, or the body itself (trimmed and
// shortened) when it is not one: for showing an upstream's error to a person.
std::string ErrorText(std::string_view body);

}  // namespace common
