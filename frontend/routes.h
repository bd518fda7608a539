// The frontend's routes: the form (GET /), its submission (POST /, asks the gateway),
// error pages in the page's own look, and the static files.
#pragma once

#include "common/server.h"
#include "gateway_client.h"

namespace frontend {

// Declares the routes on `service`; `settings` must outlive it.
void AddRoutes(common::Service& service, const FrontendSettings& settings);

}  // namespace frontend
