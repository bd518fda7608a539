// Asks the gateway about a place and turns its answer (or failure) into the page's view.
#pragma once

#include <string>

#include "common/http_client.h"
#include "page.h"

namespace frontend {

struct FrontendSettings {
  std::string gateway_url;                  // GATEWAY_URL (required)
  std::optional<std::string> trace_ui_url;  // TRACE_UI_URL, with {trace_id}
  common::HttpTimeouts timeouts;            // UPSTREAM_TIMEOUT_SECONDS (default 12)
};

FrontendSettings FrontendSettingsFromEnv();

// The page for a submitted place name; `status` is set to the HTTP status to answer with.
PageView AskGateway(const FrontendSettings& settings, const std::string& location, int& status);

}  // namespace frontend
