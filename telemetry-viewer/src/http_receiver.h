// OTLP/HTTP: POST /v1/traces, /v1/metrics, /v1/logs with protobuf or JSON bodies,
// optionally gzip-compressed (httplib inflates them; the inflated size is capped).
#pragma once

#include <string>

#include "request_decoder.h"

namespace httplib {
class Server;
}

namespace viewer {

class Ingest;

void RegisterOtlpHttpRoutes(httplib::Server& server, Ingest& ingest, size_t max_request_bytes);

}  // namespace viewer
