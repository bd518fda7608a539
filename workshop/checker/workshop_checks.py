"""What scripts/check-workshop checks: the README's Sections 0-3, step by step, on the
telemetry a telemetry-viewer received (a snapshot from workshop_run.Stack.snapshot)."""
import json
import re

from check_steps import Section, Step, is_error, text_of
from section4_checks import section4_distributed_tracing, system_behaviour_problems  # noqa: F401

SERVICE_NAME = "iss-distance-service"
INFO, WARN, ERROR = (9, 12), (13, 16), (17, 20)  # OTLP severity number ranges


def check(snapshot, answers, wanted):
    """Sections 0-3 from an IssServiceStack snapshot, Section 4 from a SystemStack one."""
    sections = {"0": section0_resource, "1": section1_metrics, "2": section2_logs,
                "3": section3_traces, "4": section4_distributed_tracing}
    return [sections[number](snapshot, answers) for number in wanted]


# ---- Section 0: the resource ----

# What Section 0's snippet ends with, so the resource can be checked before any telemetry
# is set up: a console line `resource: key=value, key=value, ...`.
PRINT_RESOURCE = 'spdlog::info("resource: {}", resource.to_string())'
CHECKED_RESOURCE_KEYS = ("service.name", "deployment.environment.name", "service.version")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_RESOURCE_KEY = re.compile(r"(?:^|, )([A-Za-z_][\w.\-]*)=")


def parse_resource_text(text):
    """{key: value} from "k=v, k=v, ..." (a value runs until the next ", key="); None
    when the text does not start with a key."""
    keys = list(_RESOURCE_KEY.finditer(text))
    if not keys or keys[0].start() != 0:
        return None
    resource = {}
    for match, following in zip(keys, keys[1:] + [None]):
        value = text[match.end():following.start() if following else len(text)].strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        resource[match.group(1)] = value
    return resource


def printed_resource(console):
    """The resource of the last `resource: k=v, ...` line of a console output, or None."""
    found = None
    for line in _ANSI.sub("", console or "").splitlines():
        index = line.find("resource: ")
        if index >= 0:
            parsed = parse_resource_text(line[index + len("resource: "):].strip())
            found = parsed if parsed is not None else found
    return found


def target_info_resources(prometheus_text):
    """Resources from the viewer's Prometheus target_info lines (metrics only)."""
    resources = []
    for line in prometheus_text.splitlines():
        if not line.startswith("target_info{"):
            continue
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', line))
        resource = {"service.name": labels.get("job", "")}
        for label, key in (("deployment_environment_name", "deployment.environment.name"),
                           ("service_version", "service.version")):
            if label in labels:
                resource[key] = labels[label]
        resources.append(resource)
    return resources


def first_value(resources, key):
    return next((text_of(r[key]) for r in resources if r.get(key) not in (None, "")), None)


def section0_resource(snapshot, answers):
    carried = [span["resource"] for trace in snapshot["traces"] for span in trace["spans"]]
    carried += [log["resource"] for log in snapshot["logs"]]
    carried += target_info_resources(snapshot["prometheus"])
    printed = printed_resource(snapshot.get("console", {}).get(SERVICE_NAME, ""))
    if not carried and printed is None:
        return Section("0", "Resource", [Step(
            False, "the resource is printed at start (or carried by telemetry)",
            'no "resource: ..." line in the service\'s console output and no telemetry '
            "arrived: in workshop/iss-distance-service/main.cpp, where the comment says "
            "Section 0, make the resource with telemetry::MakeResource({...}) and print it: "
            f"{PRINT_RESOURCE}. README, Section 0.")])

    resources = carried or [printed]
    where = ("printed at start and carried by telemetry" if carried and printed is not None
             else "carried by telemetry" if carried
             else "printed at start; no telemetry arrived yet, Sections 1-3 send it")
    steps = [Step(True, f"the resource is {where}")]
    name = first_value(resources, "service.name")
    steps.append(Step(name == SERVICE_NAME,
                      f'service.name is "{SERVICE_NAME}"' if name == SERVICE_NAME
                      else f'service.name is "{SERVICE_NAME}" (it is "{name}")',
                      f'add {{otel::semconv::kServiceName, "{SERVICE_NAME}"}} to the attributes given to '
                      "telemetry::MakeResource. README, Section 0."))
    for key, constant, example in (
            ("deployment.environment.name", "kDeploymentEnvironmentName", '"dev"'),
            ("service.version", "kServiceVersion", "telemetry::ServiceVersion()")):
        value = first_value(resources, key)
        steps.append(Step(value is not None,
                          f'{key} is "{value}"' if value is not None else f"{key} is set",
                          f'add {{otel::semconv::{constant}, {example}}} to the attributes given to '
                          "telemetry::MakeResource. README, Section 0."))
    if carried and printed is not None:
        differences = [
            f'{key} printed "{printed.get(key)}", telemetry "{first_value(carried, key)}"'
            for key in CHECKED_RESOURCE_KEYS if printed.get(key) != first_value(carried, key)]
        steps.append(Step(not differences, "the printed resource is the one telemetry carries",
                          "they differ (" + "; ".join(differences) + "): make the resource "
                          "once in main.cpp, print that one and pass that one to the setup "
                          "functions of Sections 1-3. README, Section 0."))
    return Section("0", "Resource", steps)


# ---- Section 1: metrics ----

def latest_total(metric, attribute=None, value=None):
    total = None
    for series in metric.get("series", []):
        attributes = series.get("attributes", {})
        if attribute is not None and text_of(attributes.get(attribute)) != value:
            continue
        points = series.get("points", [])
        if points and "value" in points[-1]:
            total = (total or 0) + points[-1]["value"]
    return total


def counter_step(metrics, name, how):
    metric = metrics.get(name)
    if metric is None:
        received = ", ".join(sorted(metrics)) or "none"
        return Step(False, f"counter {name}",
                    f"no metric named {name} arrived (received: {received}). {how} "
                    "README, Section 1.")
    is_counter = metric.get("type") == "sum" and metric.get("monotonic")
    return Step(is_counter, f"counter {name}",
                f"{name} arrived as a {metric.get('type')}, not a counter: make it with "
                "create_counter. README, Section 1.")


def export_interval_step(metrics):
    gaps = []
    for metric in metrics.values():
        for series in metric.get("series", []):
            times = [p["timeUnixNano"] for p in series.get("points", [])]
            gaps += [(b - a) / 1e9 for a, b in zip(times, times[1:]) if b > a]
    if not gaps:
        return Step(False, "metrics are exported every second",
                    "no metric was exported twice while the checker watched: in setup_metrics(), "
                    "PeriodicExportingMetricReader::create(exporter, std::chrono::seconds(1)) "
                    "(the checker leaves OTEL_METRIC_EXPORT_INTERVAL unset). README, Section 1.")
    gaps.sort()
    median = gaps[len(gaps) // 2]
    return Step(0.5 <= median <= 1.6, f"metrics are exported every second (every {median:.1f} s)",
                "export metrics every second: PeriodicExportingMetricReader::create(exporter, "
                "std::chrono::seconds(1)) in setup_metrics(). README, Section 1.")


def section1_metrics(snapshot, answers):
    # The workshop's own metrics; http.* come from Section 4's HTTP instrumentation.
    metrics = {name: m for name, m in snapshot["metrics"].items() if not name.startswith("http.")}
    if not snapshot["metrics"]:
        return Section("1", "Metrics", [Step(
            False, "metrics arrive",
            "no metrics arrived: in main.cpp, write setup_metrics(resource) (exporter, "
            "periodic reader, MeterProvider, set_meter_provider) and call it after the "
            "resource. README, Section 1.")])
    steps = []
    incoming = counter_step(metrics, "incoming.requests",
                            'Create it with create_counter<int64_t>("incoming.requests").')
    steps.append(incoming)
    sent = len(answers)
    counted = latest_total(metrics["incoming.requests"]) if incoming.done else None
    steps.append(Step(counted == sent,
                      f"incoming.requests counts every request to / ({sent} sent"
                      + (f", counted {counted:g})" if counted is not None else ")"),
                      "add 1 for each request at the top of HandleDistanceRequest "
                      "(distance_handler.cpp), before any early return. README, Section 1."))
    iss = counter_step(metrics, "iss.requests",
                       'Create it with create_counter<int64_t>("iss.requests").')
    steps.append(iss)
    expected = {"200": sum(1 for a in answers if a[0] == "good" and a[3] == 200),
                str(snapshot["failing_iss_status"]): 1}
    found = {status: latest_total(metrics["iss.requests"], "response.status", status)
             if iss.done else None for status in expected}
    described = ", ".join(f"{s}: {n}" for s, n in expected.items())
    has_attribute = iss.done and any("response.status" in s.get("attributes", {})
                                     for s in metrics["iss.requests"].get("series", []))
    hint = ("add 1 for each answer of the ISS API in get_iss_coordinates, with the attribute "
            '{"response.status", <the HTTP status>}. README, Section 1.')
    if iss.done and not has_attribute:
        hint = 'the series have no "response.status" attribute: ' + hint
    steps.append(Step(found == expected,
                      f"iss.requests counts the ISS API's answers by response.status ({described})",
                      hint))
    steps.append(export_interval_step(metrics))
    return Section("1", "Metrics", steps)


# ---- Section 2: logs ----

EXPECTED_LOGS = [
    ("started application", INFO, "INFO", "main.cpp"),
    ("received request from IP address: ", INFO, "INFO", "HandleDistanceRequest"),
    ("missing latitude or longitude", WARN, "WARN", "HandleDistanceRequest"),
    ("ISS position API answered ", ERROR, "ERROR", "get_iss_coordinates"),
]


def section2_logs(snapshot, answers):
    logs = snapshot["logs"]
    if not logs:
        return Section("2", "Logs", [Step(
            False, "log records arrive",
            "no log records arrived: in main.cpp, write setup_logging(resource) (exporter, "
            "processor, LoggerProvider, set_logger_provider, the SpdlogSink on spdlog's "
            "default logger) and call it. README, Section 2.")])
    steps = []
    for prefix, (low, high), severity, where in EXPECTED_LOGS:
        matching = [log for log in logs if text_of(log.get("body", "")).startswith(prefix)]
        text = f'{severity} "{prefix.strip()}..."'
        if not matching:
            steps.append(Step(False, text, f"no such log record arrived: keep the spdlog line "
                              f"in {where} (the exercise has it). README, Section 2."))
            continue
        number = matching[0].get("severityNumber", 0)
        steps.append(Step(low <= number <= high, text,
                          f"it arrived with severity {matching[0].get('severityText')} "
                          f"({number}); log it with spdlog::{severity.lower()}. "
                          "README, Section 2."))
    return Section("2", "Logs", steps)


# ---- Section 3: traces ----

# The stable HTTP semantic conventions' names, and the old ones they replaced.
HTTP_ATTRIBUTES = {"http.request.method": "http.method", "url.full": "http.url",
                   "http.response.status_code": "http.status_code"}


def attribute_problems(attributes, snapshot):
    """What a successful getting-iss-coordinates span lacks, in words."""
    wanted = {"http.request.method": "GET", "url.full": snapshot["iss_url"],
              "http.response.status_code": "200"}
    problems = []
    for key, value in wanted.items():
        if key in attributes and text_of(attributes[key]) == value:
            continue
        if key in attributes:
            problems.append(f"{key} is {text_of(attributes[key])}, expected {value}")
        elif HTTP_ATTRIBUTES[key] in attributes:
            problems.append(f"{key} = {value} (found the old name {HTTP_ATTRIBUTES[key]})")
        else:
            problems.append(f"no {key} (expected {value})")
    if "iss.position" not in attributes:
        problems.append('no iss.position ("latitude,longitude" of the ISS)')
    return problems


def section3_traces(snapshot, answers):
    spans = [dict(span, traceId=trace["traceId"]) for trace in snapshot["traces"]
             for span in trace["spans"]]
    if not spans:
        return Section("3", "Traces", [Step(
            False, "spans arrive",
            "no spans arrived: in main.cpp, write setup_tracing(resource) (exporter, span "
            "processor, TracerProvider, set_tracer_provider) and call it. README, "
            "Section 3.")])
    by_id = {(s["traceId"], s["spanId"]): s for s in spans}
    calculating = [s for s in spans if s["name"] == "calculating-iss-distance"]
    coordinates = [s for s in spans if s["name"] == "getting-iss-coordinates"]
    names = ", ".join(sorted({s["name"] for s in spans}))
    steps = [Step(calculating, "span calculating-iss-distance",
                  f"no such span (received: {names}): start it around the ISS call and the "
                  "distance in HandleDistanceRequest. README, Section 3.")]
    nested = [s for s in coordinates if by_id.get((s["traceId"], s["parentSpanId"]), {})
              .get("name") == "calculating-iss-distance"]
    steps.append(Step(nested, "span getting-iss-coordinates, a child of calculating-iss-distance",
                      "no such span: wrap get_iss_coordinates in a span. README, Section 3."
                      if not coordinates else
                      "getting-iss-coordinates is not inside calculating-iss-distance: start it "
                      "while calculating-iss-distance is the current span "
                      "(start_as_current_span). README, Section 3."))

    good = [s for s in coordinates if not is_error(s)]
    problems = attribute_problems(good[0].get("attributes", {}), snapshot) if good else []
    steps.append(Step(good and not problems,
                      "getting-iss-coordinates has the ISS call's attributes (http.request.method,"
                      " url.full, http.response.status_code, iss.position)",
                      ("no successful getting-iss-coordinates span to look at. "
                       if not good else "; ".join(problems) + ". ")
                      + "The HTTP ones are named by the semantic conventions. README, Section 3."))

    failed = [s for s in coordinates if is_error(s)]
    failed_parent_error = [s for s in failed
                           if is_error(by_id.get((s["traceId"], s["parentSpanId"]), {}))]
    steps.append(Step(failed_parent_error,
                      "a failed ISS call sets status ERROR on getting-iss-coordinates and "
                      "calculating-iss-distance",
                      ("getting-iss-coordinates" if not failed else "calculating-iss-distance")
                      + f" has no status ERROR though the ISS API answered "
                      f"{snapshot['failing_iss_status']}: "
                      "span->set_status(otel::trace::StatusCode::kError, why). "
                      "README, Section 3."))

    error_logs = [log for log in snapshot["logs"]
                  if text_of(log.get("body", "")).startswith("ISS position API answered ")]
    correlated = [log for log in error_logs
                  if by_id.get((log.get("traceId"), log.get("spanId")), {}).get("name")
                  == "getting-iss-coordinates"]
    steps.append(Step(correlated, "log records written inside a span carry its trace id",
                      "needs Section 2's log records first." if not error_logs else
                      "the error log written in get_iss_coordinates carries no trace and span "
                      "id of getting-iss-coordinates: log it while that span is current "
                      "(inside the function the span wraps). README, Section 3."))
    return Section("3", "Traces", steps)


# ---- the service's answers ----

def behaviour_problems(answers):
    problems = []
    for kind, name, query, status, body in answers:
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        if status == 0:
            problems.append(f"{name}: no answer (did the service crash?)")
        elif kind == "good" and (status != 200 or not isinstance(payload, dict)
                                 or not isinstance(payload.get("distance"), (int, float))):
            problems.append(f"{name} (?{query}): {status} {body[:200]}, expected 200 with a "
                            "distance")
        elif kind == "missing" and status != 400:
            problems.append(f"{name}: {status}, expected 400")
        elif kind == "iss-fails" and status != 502:
            problems.append(f"{name}: {status} {body[:200]}, expected 502")
    return problems
