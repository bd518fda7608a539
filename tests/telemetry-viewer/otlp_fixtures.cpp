#include "otlp_fixtures.h"

#include <chrono>

namespace viewer_fixtures {
namespace {
namespace common = opentelemetry::proto::common::v1;
namespace trace = opentelemetry::proto::trace::v1;
namespace logs = opentelemetry::proto::logs::v1;
namespace metrics = opentelemetry::proto::metrics::v1;

void Set(common::KeyValue* kv, const std::string& key, const std::string& value) {
  kv->set_key(key);
  kv->mutable_value()->set_string_value(value);
}
void SetInt(common::KeyValue* kv, const std::string& key, int64_t value) {
  kv->set_key(key);
  kv->mutable_value()->set_int_value(value);
}

void FillResource(opentelemetry::proto::resource::v1::Resource* resource,
                  const std::string& service) {
  Set(resource->add_attributes(), "service.name", service);
  Set(resource->add_attributes(), "service.version", "0.1.0");
  Set(resource->add_attributes(), "deployment.environment.name", "dev");
  Set(resource->add_attributes(), "telemetry.sdk.language", "cpp");
  Set(resource->add_attributes(), "host.name", "workshop-host");
}

trace::ScopeSpans* ServiceSpans(TraceRequest& request, const std::string& service) {
  for (auto& rs : *request.mutable_resource_spans())
    if (rs.resource().attributes(0).value().string_value() == service)
      return rs.mutable_scope_spans(0);
  auto* rs = request.add_resource_spans();
  FillResource(rs->mutable_resource(), service);
  auto* ss = rs->add_scope_spans();
  ss->mutable_scope()->set_name(service);
  ss->mutable_scope()->set_version("0.1.0");
  return ss;
}
}  // namespace

uint64_t NowUnixNano() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

static std::string RandomBytes(std::mt19937_64& rng, size_t n) {
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(rng() & 0xff);
  out[0] = static_cast<char>(out[0] | 1);  // never all zero
  return out;
}
std::string RandomTraceId(std::mt19937_64& rng) {
  return RandomBytes(rng, 16);
}
std::string RandomSpanId(std::mt19937_64& rng) {
  return RandomBytes(rng, 8);
}

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

WorkshopTrace MakeWorkshopTrace(std::mt19937_64& rng, uint64_t t0, const std::string& location,
                                bool failing) {
  WorkshopTrace out;
  out.trace_id = RandomTraceId(rng);
  constexpr uint64_t ms = 1'000'000;
  struct SpanSpec {
    std::string service, name, parent;
    int kind;
    uint64_t start, end;
    int http_status;
  };
  const std::string front_server = RandomSpanId(rng), front_client = RandomSpanId(rng),
                    gw_server = RandomSpanId(rng), gw_geo = RandomSpanId(rng),
                    gw_iss = RandomSpanId(rng), geo_server = RandomSpanId(rng),
                    geo_work = RandomSpanId(rng), iss_server = RandomSpanId(rng),
                    iss_work = RandomSpanId(rng), iss_client = RandomSpanId(rng);
  out.iss_client_span = iss_client;
  const int status = failing ? 502 : 200;
  auto add = [&](const std::string& id, const std::string& parent, const std::string& service,
                 const std::string& name, int kind, uint64_t start, uint64_t end, int http_status,
                 bool error) {
    auto* span = ServiceSpans(out.traces, service)->add_spans();
    span->set_trace_id(out.trace_id);
    span->set_span_id(id);
    span->set_parent_span_id(parent);
    span->set_name(name);
    span->set_kind(static_cast<trace::Span::SpanKind>(kind));
    span->set_start_time_unix_nano(t0 + start);
    span->set_end_time_unix_nano(t0 + end);
    if (kind == 2 || kind == 3) {
      Set(span->add_attributes(), "http.request.method", name.starts_with("POST") ? "POST" : "GET");
      SetInt(span->add_attributes(), "http.response.status_code", http_status);
      Set(span->add_attributes(), kind == 2 ? "url.path" : "url.full",
          kind == 2 ? "/" : "http://127.0.0.1:5000/?location=" + location);
    }
    if (error) {
      span->mutable_status()->set_code(trace::Status::STATUS_CODE_ERROR);
      span->mutable_status()->set_message("ISS endpoint answered 503");
      Set(span->add_attributes(), "error.type", "503");
    }
    return span;
  };
  add(front_server, "", "frontend", "POST /", 2, 0, 60 * ms, 200, false);
  add(front_client, front_server, "frontend", "GET", 3, 2 * ms, 57 * ms, status, failing);
  add(gw_server, front_client, "gateway", "GET /", 2, 3 * ms, 56 * ms, status, failing);
  add(gw_geo, gw_server, "gateway", "GET", 3, 4 * ms, 14 * ms, 200, false);
  add(geo_server, gw_geo, "geolocator-service", "GET /", 2, 5 * ms, 13 * ms, 200, false);
  auto* geo = add(geo_work, geo_server, "geolocator-service", "getting-coordinates-for-location", 1,
                  6 * ms, 12 * ms, 0, false);
  Set(geo->add_attributes(), "location", location);
  add(gw_iss, gw_server, "gateway", "GET", 3, 15 * ms, 55 * ms, status, failing);
  add(iss_server, gw_iss, "iss-distance-service", "GET /", 2, 16 * ms, 54 * ms, status, failing);
  add(iss_work, iss_server, "iss-distance-service", "calculating-iss-distance", 1, 17 * ms, 53 * ms,
      0, failing);
  auto* iss = add(iss_client, iss_work, "iss-distance-service", "getting-iss-coordinates", 3,
                  18 * ms, 50 * ms, failing ? 503 : 200, failing);
  Set(iss->add_attributes(), "iss.position", "51.6,-0.1");
  auto* event = iss->add_events();
  event->set_name("response received");
  event->set_time_unix_nano(t0 + 49 * ms);

  // Logs, each carrying the trace and span id of the span active when written.
  auto* rl = out.logs.add_resource_logs();
  FillResource(rl->mutable_resource(), "iss-distance-service");
  auto* sl = rl->add_scope_logs();
  sl->mutable_scope()->set_name("iss-distance-service");
  auto log = [&](uint64_t at, int severity, const std::string& text, const std::string& body,
                 const std::string& span_id) {
    auto* record = sl->add_log_records();
    record->set_time_unix_nano(t0 + at);
    record->set_observed_time_unix_nano(t0 + at);
    record->set_severity_number(static_cast<logs::SeverityNumber>(severity));
    record->set_severity_text(text);
    record->mutable_body()->set_string_value(body);
    record->set_trace_id(out.trace_id);
    record->set_span_id(span_id);
    Set(record->add_attributes(), "code.function", "handle_request");
  };
  log(16 * ms, 9, "INFO", "received request from IP address: 127.0.0.1", iss_server);
  if (failing) log(50 * ms, 17, "ERROR", "ISS endpoint answered 503 <not 200>", iss_client);
  return out;
}

MetricsRequest MakeWorkshopMetrics(uint64_t time, uint64_t start, int requests, int failures) {
  MetricsRequest request;
  for (const std::string service : {"iss-distance-service", "gateway"}) {
    auto* rm = request.add_resource_metrics();
    FillResource(rm->mutable_resource(), service);
    auto* sm = rm->add_scope_metrics();
    sm->mutable_scope()->set_name(service);
    auto counter = [&](const std::string& name, const std::string& description) {
      auto* m = sm->add_metrics();
      m->set_name(name);
      m->set_description(description);
      m->set_unit("{request}");
      m->mutable_sum()->set_is_monotonic(true);
      m->mutable_sum()->set_aggregation_temporality(metrics::AGGREGATION_TEMPORALITY_CUMULATIVE);
      return m->mutable_sum();
    };
    auto point = [&](metrics::Sum* sum, int64_t value) {
      auto* p = sum->add_data_points();
      p->set_start_time_unix_nano(start);
      p->set_time_unix_nano(time);
      p->set_as_int(value);
      return p;
    };
    if (service == "iss-distance-service") {
      point(counter("incoming.requests", "Requests to /"), requests);
      auto* iss = counter("iss.requests", "Requests to the ISS endpoint");
      Set(point(iss, requests - failures)->add_attributes(), "response.status", "200");
      Set(point(iss, failures)->add_attributes(), "response.status", "503");
    }
    auto* histogram = sm->add_metrics();
    histogram->set_name("http.server.request.duration");
    histogram->set_unit("s");
    histogram->set_description("Duration of HTTP server requests.");
    histogram->mutable_histogram()->set_aggregation_temporality(
        metrics::AGGREGATION_TEMPORALITY_CUMULATIVE);
    auto* hp = histogram->mutable_histogram()->add_data_points();
    hp->set_start_time_unix_nano(start);
    hp->set_time_unix_nano(time);
    Set(hp->add_attributes(), "http.request.method", "GET");
    Set(hp->add_attributes(), "http.route", "/");
    for (double bound : {0.005, 0.01, 0.025, 0.05, 0.1, 0.25}) hp->add_explicit_bounds(bound);
    // Most requests take 25-50 ms, failures 50-100 ms.
    const uint64_t ok = static_cast<uint64_t>(requests - failures);
    const uint64_t counts[] = {
        0, ok / 10, ok / 5, ok - ok / 10 - ok / 5, static_cast<uint64_t>(failures), 0, 0};
    for (uint64_t c : counts) hp->add_bucket_counts(c);
    hp->set_count(static_cast<uint64_t>(requests));
    hp->set_sum(0.035 * static_cast<double>(ok) + 0.07 * failures);
    auto* gauge = sm->add_metrics();
    gauge->set_name("process.memory.usage");
    gauge->set_unit("By");
    auto* gp = gauge->mutable_gauge()->add_data_points();
    gp->set_time_unix_nano(time);
    gp->set_as_int(20'000'000 + requests * 1000);
  }
  return request;
}

namespace {
// The next span of a batch: every spans_per_trace-th one starts a new trace (its root),
// the others are children of that root; times 1 µs apart, 0.5–5.5 ms long.
trace::Span* AddBatchSpan(trace::ScopeSpans* ss, std::mt19937_64& rng, int i, int spans_per_trace,
                          uint64_t start, std::string& trace_id, std::string& root) {
  auto* span = ss->add_spans();
  if (i % spans_per_trace == 0) {
    trace_id = RandomTraceId(rng);
    root = RandomSpanId(rng);
    span->set_span_id(root);
  } else {
    span->set_span_id(RandomSpanId(rng));
    span->set_parent_span_id(root);
  }
  span->set_trace_id(trace_id);
  span->set_start_time_unix_nano(start + static_cast<uint64_t>(i) * 1000);
  span->set_end_time_unix_nano(start + static_cast<uint64_t>(i) * 1000 + 500'000 +
                               (rng() % 5'000'000));
  return span;
}

}  // namespace

TraceRequest MakeSpanBatch(std::mt19937_64& rng, int count, const std::string& service,
                           uint64_t start, int spans_per_trace) {
  TraceRequest request;
  auto* ss = ServiceSpans(request, service);
  std::string trace_id, root;
  for (int i = 0; i < count; ++i) {
    auto* span = AddBatchSpan(ss, rng, i, spans_per_trace, start, trace_id, root);
    if (i % spans_per_trace == 0) {
      span->set_name("GET /");
      span->set_kind(trace::Span::SPAN_KIND_SERVER);
    } else {
      span->set_name("work-" + std::to_string(i % spans_per_trace));
      span->set_kind(trace::Span::SPAN_KIND_INTERNAL);
    }
    Set(span->add_attributes(), "http.route", "/");
    SetInt(span->add_attributes(), "http.response.status_code", i % 50 == 0 ? 500 : 200);
    Set(span->add_attributes(), "location", "Paris");
    if (i % 50 == 0) span->mutable_status()->set_code(trace::Status::STATUS_CODE_ERROR);
  }
  return request;
}

TraceRequest MakeHttpSpanBatch(std::mt19937_64& rng, int count, const std::string& service,
                               uint64_t start, int spans_per_trace) {
  static const char* const kPlaces[] = {"Paris", "London",           "New%20York", "Tokyo",
                                        "Lagos", "S%C3%A3o%20Paulo", "Sydney",     "Reykjavik"};
  TraceRequest request;
  auto* ss = ServiceSpans(request, service);
  std::string trace_id, root;
  for (int i = 0; i < count; ++i) {
    auto* span = AddBatchSpan(ss, rng, i, spans_per_trace, start, trace_id, root);
    span->set_name("GET /distance");
    span->set_kind(trace::Span::SPAN_KIND_SERVER);
    const bool failed = i % 50 == 0;
    Set(span->add_attributes(), "http.request.method", "GET");
    Set(span->add_attributes(), "url.path", "/distance");
    Set(span->add_attributes(), "url.scheme", "http");
    Set(span->add_attributes(), "server.address", "127.0.0.1");
    SetInt(span->add_attributes(), "server.port", 5001);
    Set(span->add_attributes(), "client.address", "127.0.0.1");
    SetInt(span->add_attributes(), "client.port", 32768 + static_cast<int64_t>(rng() % 28000));
    Set(span->add_attributes(), "user_agent.original", "cpp-httplib/0.11");
    Set(span->add_attributes(), "network.protocol.version", "1.1");
    Set(span->add_attributes(), "http.route", "/distance");
    SetInt(span->add_attributes(), "http.response.status_code", failed ? 500 : 200);
    Set(span->add_attributes(), "url.query", std::string("location=") + kPlaces[rng() % 8]);
    if (failed) span->mutable_status()->set_code(trace::Status::STATUS_CODE_ERROR);
  }
  return request;
}

}  // namespace viewer_fixtures
