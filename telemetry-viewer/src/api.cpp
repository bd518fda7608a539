#include "api.h"

#include <httplib.h>

#include <charconv>
#include <stdexcept>

#include "assets.h"
#include "json_output.h"
#include "store.h"

namespace viewer {
namespace {
using nlohmann::json;

// A query parameter that does not parse: the handler answers 400 with its message.
struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string Param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

template <typename Number>
Number NumberParam(const httplib::Request& req, const char* name, Number fallback) {
  const std::string text = Param(req, name);
  if (text.empty()) return fallback;
  Number value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0)
    throw BadRequest(std::string("query parameter '") + name + "' is not a valid number");
  return value;
}

size_t LimitParam(const httplib::Request& req, size_t fallback) {
  return std::min<size_t>(NumberParam<size_t>(req, "limit", fallback), 10'000);
}

uint64_t MillisToNanos(uint64_t ms) {
  return ms > UINT64_MAX / 1'000'000 ? UINT64_MAX : ms * 1'000'000;
}

void SendJson(httplib::Response& res, const json& body, int status = 200) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// Wraps a handler so bad parameters become 400 {"error": ...}.
httplib::Server::Handler JsonHandler(
    std::function<void(const httplib::Request&, httplib::Response&)> fn) {
  return [fn = std::move(fn)](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    try {
      fn(req, res);
    } catch (const BadRequest& e) {
      SendJson(res, {{"error", e.what()}}, 400);
    }
  };
}

TraceQuery ParseTraceQuery(const httplib::Request& req) {
  TraceQuery query;
  query.service = Param(req, "service");
  query.span_name = Param(req, "name");
  query.min_duration_ms = NumberParam<double>(req, "minDurationMs", 0);
  if (req.has_param("maxDurationMs"))
    query.max_duration_ms = NumberParam<double>(req, "maxDurationMs", 0);
  const std::string error = Param(req, "error");
  if (!error.empty() && error != "true" && error != "false" && error != "1" && error != "0")
    throw BadRequest("query parameter 'error' must be true or false");
  query.errors_only = error == "true" || error == "1";
  query.start_from = MillisToNanos(NumberParam<uint64_t>(req, "start", 0));
  if (req.has_param("end")) query.start_to = MillisToNanos(NumberParam<uint64_t>(req, "end", 0));
  const std::string attribute = Param(req, "attr");  // key=value, or key alone for "present"
  if (!attribute.empty()) {
    const auto eq = attribute.find('=');
    query.attribute_key = attribute.substr(0, eq);
    if (eq != std::string::npos) query.attribute_value = attribute.substr(eq + 1);
    if (query.attribute_key.empty()) throw BadRequest("query parameter 'attr' needs a key");
  }
  query.limit = LimitParam(req, 20);
  return query;
}

LogQuery ParseLogQuery(const httplib::Request& req) {
  LogQuery query;
  query.service = Param(req, "service");
  const std::string trace_id = Param(req, "traceId");
  if (!trace_id.empty()) {
    query.trace_id = FromHex<16>(trace_id);
    if (!query.trace_id) throw BadRequest("query parameter 'traceId' must be 32 hex digits");
  }
  const auto severity = ParseSeverity(Param(req, "severity"));
  if (!severity)
    throw BadRequest(
        "query parameter 'severity' must be TRACE, DEBUG, INFO, WARN, ERROR, FATAL or 1-24");
  query.min_severity = *severity;
  query.text = Param(req, "q");
  query.start_from = MillisToNanos(NumberParam<uint64_t>(req, "start", 0));
  if (req.has_param("end")) query.start_to = MillisToNanos(NumberParam<uint64_t>(req, "end", 0));
  query.limit = LimitParam(req, 100);
  return query;
}

std::string_view ContentType(std::string_view path) {
  if (path.ends_with(".html")) return "text/html; charset=utf-8";
  if (path.ends_with(".css")) return "text/css; charset=utf-8";
  if (path.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (path.ends_with(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

void SendAsset(httplib::Response& res, std::string_view path) {
  const EmbeddedAsset* asset = FindAsset(path);
  if (asset == nullptr) {
    res.status = 404;
    res.set_content("not found", "text/plain");
    return;
  }
  res.set_content(reinterpret_cast<const char*>(asset->data), asset->size,
                  std::string(ContentType(path)));
}
}  // namespace

void RegisterApiRoutes(httplib::Server& server, const Store& store, const ApiOptions& options) {
  // The UI runs only our own script and style; data never becomes markup.
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Content-Security-Policy",
                               "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"},
                              {"Referrer-Policy", "no-referrer"}});

  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });

  server.Get("/api/services",
             JsonHandler([&store](const httplib::Request&, httplib::Response& res) {
               SendJson(res, {{"services", store.Services()}});
             }));

  server.Get("/api/traces",
             JsonHandler([&store](const httplib::Request& req, httplib::Response& res) {
               json traces = json::array();
               for (const auto& summary : store.SearchTraces(ParseTraceQuery(req)))
                 traces.push_back(TraceSummaryToJson(summary));
               SendJson(res, {{"traces", std::move(traces)}});
             }));

  server.Get(R"(/api/traces/([^/]+))",
             JsonHandler([&store](const httplib::Request& req, httplib::Response& res) {
               const std::string id_text = req.matches[1];
               const auto trace_id = FromHex<16>(id_text);
               if (!trace_id) throw BadRequest("trace id must be 32 hex digits");
               const auto spans = store.GetTrace(*trace_id);
               if (!spans)
                 return SendJson(res, {{"error", "trace " + id_text + " not found"}}, 404);
               json list = json::array();
               for (const auto& span : *spans) list.push_back(SpanToJson(*span));
               SendJson(res, {{"traceId", ToHex(*trace_id)}, {"spans", std::move(list)}});
             }));

  server.Get("/api/logs",
             JsonHandler([&store](const httplib::Request& req, httplib::Response& res) {
               json logs = json::array();
               for (const auto& log : store.SearchLogs(ParseLogQuery(req)))
                 logs.push_back(LogToJson(*log));
               SendJson(res, {{"logs", std::move(logs)}});
             }));

  server.Get("/api/metrics", JsonHandler([&store](const httplib::Request&, httplib::Response& res) {
               json metrics = json::array();
               for (const auto& summary : store.ListMetrics())
                 metrics.push_back(MetricSummaryToJson(summary));
               SendJson(res, {{"metrics", std::move(metrics)}});
             }));

  server.Get(R"(/api/metrics/([^/]+))",
             JsonHandler([&store](const httplib::Request& req, httplib::Response& res) {
               const std::string name = req.matches[1];
               const auto set = store.GetMetric(name, Param(req, "service"));
               if (!set) return SendJson(res, {{"error", "metric " + name + " not found"}}, 404);
               SendJson(res, MetricSeriesSetToJson(*set));
             }));

  server.Get("/api/servicemap",
             JsonHandler([&store](const httplib::Request&, httplib::Response& res) {
               SendJson(res, ServiceMapToJson(store.BuildServiceMap()));
             }));

  server.Get("/api/stats", JsonHandler([&store](const httplib::Request&, httplib::Response& res) {
               const StoreStats s = store.Stats();
               const StoreLimits& l = store.limits();
               SendJson(res, {{"spans", s.spans},
                              {"traces", s.traces},
                              {"logs", s.logs},
                              {"metricPoints", s.metric_points},
                              {"metricSeries", s.metric_series},
                              {"bytes", s.span_bytes + s.log_bytes + s.metric_bytes},
                              {"evicted",
                               {{"spans", s.evicted_spans},
                                {"logs", s.evicted_logs},
                                {"metricPoints", s.evicted_metric_points}}},
                              {"limits",
                               {{"spans", l.max_spans},
                                {"logs", l.max_logs},
                                {"metricPoints", l.max_metric_points},
                                {"bytes", l.max_bytes}}}});
             }));

  if (options.prometheus_text) {
    server.Get("/metrics", [render = options.prometheus_text](const httplib::Request& req,
                                                              httplib::Response& res) {
      auto [body, content_type] = render(req.get_header_value("Accept"));
      res.set_content(body, content_type);
    });
  }

  // The single-page UI: every view has its own path, so each is a deep link.
  const auto index = [](const httplib::Request&, httplib::Response& res) {
    SendAsset(res, "index.html");
  };
  for (const char* route : {"/", "/traces", R"(/trace/[0-9A-Fa-f]+)", "/logs", "/charts", "/map"})
    server.Get(route, index);
  server.Get(R"(/assets/([A-Za-z0-9_.-]+))",
             [](const httplib::Request& req, httplib::Response& res) {
               SendAsset(res, req.matches[1].str());
               res.set_header("Cache-Control", "no-cache");
             });
}

}  // namespace viewer
