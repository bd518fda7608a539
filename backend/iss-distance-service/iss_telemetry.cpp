#include "iss_telemetry.h"

#include <fmt/format.h>

#include <cstdint>

#include "otel/metrics/meter_provider.h"
#include "otel/trace/tracer_provider.h"

namespace iss::telemetry {
namespace {

constexpr std::string_view kScope = "iss-distance-service";

struct Counters {
  otel::metrics::Counter<int64_t> incoming_requests;
  otel::metrics::Counter<int64_t> iss_requests;
};

// Created on first use, i.e. by the first request: after main.cpp's setup_metrics().
const Counters& GetCounters() {
  static const Counters counters = [] {
    std::shared_ptr<otel::metrics::Meter> meter =
        otel::metrics::get_meter_provider()->get_meter(kScope);
    return Counters{
        meter->create_counter<int64_t>("incoming.requests", "Requests to the distance endpoint"),
        meter->create_counter<int64_t>("iss.requests",
                                       "Requests to the ISS position API, by response status")};
  }();
  return counters;
}

otel::trace::ScopedSpan StartSpan(std::string_view name) {
  return otel::trace::get_tracer(kScope)->start_as_current_span(name);
}

}  // namespace

void CountIncomingRequest() {
  GetCounters().incoming_requests.add(1);
}

void CountIssRequest(int response_status) {
  GetCounters().iss_requests.add(1, {{"response.status", static_cast<int64_t>(response_status)}});
}

otel::trace::ScopedSpan StartCalculatingSpan() {
  return StartSpan("calculating-iss-distance");
}

otel::trace::ScopedSpan StartCoordinatesSpan() {
  return StartSpan("getting-iss-coordinates");
}

void RecordIssCall(std::string_view url, int status_code) {
  const std::shared_ptr<otel::trace::Span>& span = otel::trace::current_span();
  span->set_attribute("http.request.method", std::string("GET"));
  span->set_attribute("url.full", std::string(url));
  if (status_code > 0) {
    span->set_attribute("http.response.status_code", static_cast<int64_t>(status_code));
  }
}

void RecordPosition(const PositionResult& result) {
  const std::shared_ptr<otel::trace::Span>& span = otel::trace::current_span();
  if (!result.ok()) {
    span->set_status(otel::trace::StatusCode::kError, result.failure().message);
    return;
  }
  const IssPosition& position = result.position();
  span->set_attribute("iss.source", position.source);
  span->set_attribute("iss.position", fmt::format("{},{}", position.latitude, position.longitude));
  if (position.details.contains("tle_epoch") && position.details["tle_epoch"].is_string()) {
    span->set_attribute("iss.tle.epoch", position.details["tle_epoch"].get<std::string>());
  }
  if (position.details.contains("tle_age_days") && position.details["tle_age_days"].is_number()) {
    span->set_attribute("iss.tle.age_days", position.details["tle_age_days"].get<double>());
  }
}

}  // namespace iss::telemetry
