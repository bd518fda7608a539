// GET /?latitude=..&longitude=..: the iss-distance-service's request handler with the
// workshop's telemetry: counters (Section 1), log lines (Section 2, via spdlog) and
// spans (Section 3). workshop/iss-distance-service/distance_handler.cpp is the same
// handler before instrumentation; the business both call is in core/.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/json_response.h"
#include "distance_request.h"
#include "otel/metrics/meter_provider.h"
#include "otel/semconv.h"
#include "otel/trace/tracer_provider.h"

namespace iss {
namespace {

// Section 1: the counters, made on first use, i.e. by the first request, after
// main.cpp's setup_metrics() installed the MeterProvider.
const otel::metrics::Counter<int64_t>& incoming_requests_counter() {
  static const auto counter =
      otel::metrics::get_meter_provider()
          ->get_meter("iss-distance-service")
          ->create_counter<int64_t>("incoming.requests", "Requests to the distance endpoint");
  return counter;
}

const otel::metrics::Counter<int64_t>& iss_requests_counter() {
  static const auto counter =
      otel::metrics::get_meter_provider()
          ->get_meter("iss-distance-service")
          ->create_counter<int64_t>("iss.requests", "Requests to the ISS API, by response status");
  return counter;
}

// Section 3: the tracer, made on first use, after main.cpp's setup_tracing().
const std::shared_ptr<otel::trace::Tracer>& tracer() {
  static const auto tracer = otel::trace::get_tracer("iss-distance-service");
  return tracer;
}

// The HTTP call to the ISS API, with the semantic conventions' attribute names.
void set_http_attributes(otel::trace::Span& span, const IssApiCall& call) {
  span.set_attribute(otel::semconv::kHttpRequestMethod, "GET");
  span.set_attribute(otel::semconv::kUrlFull, call.url);
  if (call.answered()) span.set_attribute(otel::semconv::kHttpResponseStatusCode, call.status);
}

// Where the position came from, or status ERROR and why there is none.
void set_position_attributes(otel::trace::Span& span, const PositionResult& iss) {
  if (!iss.ok()) {
    span.set_status(otel::trace::StatusCode::kError, iss.failure().message);
    return;
  }
  const IssPosition& position = iss.position();
  span.set_attribute("iss.source", position.source);
  span.set_attribute("iss.position", fmt::format("{},{}", position.latitude, position.longitude));
  // SGP4 positions: how old the orbital elements were.
  if (position.details.contains("tle_epoch")) {
    span.set_attribute("iss.tle.epoch", position.details["tle_epoch"].get<std::string>());
    span.set_attribute("iss.tle.age_days", position.details["tle_age_days"].get<double>());
  }
}

// Section 3, a span wrapping a whole function: "getting-iss-coordinates".
PositionResult get_iss_coordinates(IssPositionSource& source) {
  return tracer()->with_span("getting-iss-coordinates", [&](otel::trace::Span& span) {
    PositionResult iss = source.CurrentPosition();
    const std::optional<IssApiCall>& call = iss.api_call();  // the live source's HTTP call
    if (call) set_http_attributes(span, *call);
    if (call && call->answered()) {
      iss_requests_counter().add(1, {{"response.status", call->status}});
    }
    if (call && call->answered() && call->status != 200) {
      spdlog::error("ISS position API answered {} (expected 200)", call->status);
    }
    set_position_attributes(span, iss);
    return iss;
  });
}

}  // namespace

void HandleDistanceRequest(const httplib::Request& req, httplib::Response& res,
                           IssPositionSource& source) {
  incoming_requests_counter().add(1);
  spdlog::info("received request from IP address: {}", req.remote_addr);
  if (!req.has_param("latitude") || !req.has_param("longitude")) {
    spdlog::warn("missing latitude or longitude");
  }
  common::Expected<Place> place = PlaceFromQuery(req);
  if (!place) {
    common::SendError(res, 400, place.error());
    return;
  }

  // Section 3, a scoped span: current until the end of this function.
  auto span = tracer()->start_as_current_span("calculating-iss-distance");
  PositionResult iss = get_iss_coordinates(source);
  if (!iss.ok()) {
    span->set_status(otel::trace::StatusCode::kError, iss.failure().message);
    common::SendError(res, iss.failure().status, iss.failure().message);
    return;
  }
  nlohmann::json answer = DistanceAnswer(*place, iss.position());
  span->set_attribute("iss.distance_km", answer["distance"].get<double>());
  common::SendJson(res, 200, answer);
}

}  // namespace iss
