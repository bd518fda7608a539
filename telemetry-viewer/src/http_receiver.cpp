#include "http_receiver.h"

#include <httplib.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "ingest.h"

namespace viewer {
namespace {
namespace trace_v1 = opentelemetry::proto::collector::trace::v1;
namespace logs_v1 = opentelemetry::proto::collector::logs::v1;
namespace metrics_v1 = opentelemetry::proto::collector::metrics::v1;

constexpr int kInvalidArgument = 3;
constexpr int kResourceExhausted = 8;
constexpr int kUnavailable = 14;

void Fail(httplib::Response& res, int status, int grpc_code, const std::string& message,
          BodyEncoding encoding) {
  res.status = status;
  res.set_content(EncodeStatus(grpc_code, message, encoding),
                  encoding == BodyEncoding::kJson ? "application/json" : "application/x-protobuf");
}

// One OTLP/HTTP endpoint: read (inflated) body within the limit, decode, ingest, answer.
template <typename Response, typename Store, typename SetPartial>
httplib::Server::HandlerWithContentReader Endpoint(InflightBudget& inflight, size_t max_bytes,
                                                   Store store, SetPartial set_partial) {
  return [=, &inflight](const httplib::Request& req, httplib::Response& res,
                        const httplib::ContentReader& content_reader) {
    const BodyEncoding encoding = EncodingOf(req.get_header_value("Content-Type"));
    if (encoding == BodyEncoding::kUnsupported) {
      res.status = 415;
      res.set_content("Content-Type must be application/x-protobuf or application/json\n",
                      "text/plain");
      return;
    }
    // The permit covers reading, inflating and decoding. Without a plain
    // Content-Length the body may grow to the limit: it takes the whole budget.
    const bool sized = req.has_header("Content-Length") && !req.has_header("Content-Encoding");
    const auto permit = inflight.Acquire(
        sized ? std::min<size_t>(
                    std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10),
                    max_bytes)
              : max_bytes);
    if (!permit) {
      res.set_header("Retry-After", "1");
      return Fail(res, 503, kUnavailable, "busy, retry later", encoding);
    }
    std::string body;
    bool too_large = false;
    const bool complete = content_reader([&](const char* data, size_t length) {
      if (body.size() + length > max_bytes) {
        too_large = true;
        return false;
      }
      body.append(data, length);
      return true;
    });
    if (too_large || res.status == 413) {
      return Fail(res, 413, kResourceExhausted,
                  "request body larger than " + std::to_string(max_bytes) + " bytes", encoding);
    }
    if (!complete)
      return Fail(res, 400, kInvalidArgument, "could not read the request body", encoding);
    std::string error;
    const std::optional<IngestResult> result = store(body, encoding, &error);
    if (!result) return Fail(res, 400, kInvalidArgument, error, encoding);
    Response response;
    if (result->rejected > 0 || !result->message.empty()) set_partial(response, *result);
    res.status = 200;
    res.set_content(EncodeResponse(response, encoding), encoding == BodyEncoding::kJson
                                                            ? "application/json"
                                                            : "application/x-protobuf");
  };
}
}  // namespace

void RegisterOtlpHttpRoutes(httplib::Server& server, Ingest& ingest, size_t max_request_bytes) {
  // httplib refuses a declared Content-Length above this with 413 before reading;
  // the reader above also caps the inflated size of gzip bodies.
  server.set_payload_max_length(max_request_bytes);
  server.Post("/v1/traces",
              Endpoint<trace_v1::ExportTraceServiceResponse>(
                  ingest.inflight(), max_request_bytes,
                  [&ingest](std::string_view body, BodyEncoding encoding, std::string* error) {
                    return ingest.Traces(body, encoding, error);
                  },
                  [](trace_v1::ExportTraceServiceResponse& response, const IngestResult& result) {
                    response.mutable_partial_success()->set_rejected_spans(result.rejected);
                    response.mutable_partial_success()->set_error_message(result.message);
                  }));
  server.Post("/v1/logs",
              Endpoint<logs_v1::ExportLogsServiceResponse>(
                  ingest.inflight(), max_request_bytes,
                  [&ingest](std::string_view body, BodyEncoding encoding, std::string* error) {
                    return ingest.Logs(body, encoding, error);
                  },
                  [](logs_v1::ExportLogsServiceResponse& response, const IngestResult& result) {
                    response.mutable_partial_success()->set_rejected_log_records(result.rejected);
                    response.mutable_partial_success()->set_error_message(result.message);
                  }));
  server.Post(
      "/v1/metrics",
      Endpoint<metrics_v1::ExportMetricsServiceResponse>(
          ingest.inflight(), max_request_bytes,
          [&ingest](std::string_view body, BodyEncoding encoding, std::string* error) {
            return ingest.Metrics(body, encoding, error);
          },
          [](metrics_v1::ExportMetricsServiceResponse& response, const IngestResult& result) {
            response.mutable_partial_success()->set_rejected_data_points(result.rejected);
            response.mutable_partial_success()->set_error_message(result.message);
          }));
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
}

}  // namespace viewer
