"""What scripts/check-workshop checks: the README's Sections 0-3, step by step, on the
telemetry a telemetry-viewer received (a snapshot from workshop_run.Stack.snapshot)."""
import json
import re

SERVICE_NAME = "iss-distance-service"
INFO, WARN, ERROR = (9, 12), (13, 16), (17, 20)  # OTLP severity number ranges


class Step:
    """One thing the checker looks for. A bonus step is shown and reported, but its
    section is done without it."""

    def __init__(self, done, text, hint="", bonus=False):
        self.done, self.text, self.hint, self.bonus = bool(done), text, hint, bonus


class Section:
    def __init__(self, number, title, steps):
        self.number, self.title, self.steps = number, title, steps

    @property
    def required(self):
        return [step for step in self.steps if not step.bonus]

    @property
    def bonus(self):
        return [step for step in self.steps if step.bonus]

    @property
    def done(self):
        return all(step.done for step in self.required)

    @property
    def complete(self):
        """Done, bonus steps included."""
        return all(step.done for step in self.steps)


def check(snapshot, answers, wanted):
    """Sections 0-3 from an IssServiceStack snapshot, Section 4 from a SystemStack one."""
    sections = {"0": section0_resource, "1": section1_metrics, "2": section2_logs,
                "3": section3_traces, "4": section4_distributed_tracing}
    return [sections[number](snapshot, answers) for number in wanted]


def text_of(value):
    return value if isinstance(value, str) else json.dumps(value)


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
                      f'add {{"service.name", "{SERVICE_NAME}"}} to the attributes given to '
                      "telemetry::MakeResource. README, Section 0."))
    for key, example in (("deployment.environment.name", '"dev"'),
                         ("service.version", "telemetry::ServiceVersion()")):
        value = first_value(resources, key)
        steps.append(Step(value is not None,
                          f'{key} is "{value}"' if value is not None else f"{key} is set",
                          f'add {{"{key}", {example}}} to the attributes given to '
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

def is_error(span):
    code = span.get("status", {}).get("code")
    return code == 2 or "ERROR" in str(code).upper()


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


# ---- Section 4: distributed tracing ----

SERVER, CLIENT = 2, 3  # OTLP SpanKind
# What the attendee writes in Section 4, as the hints name it.
INSTRUMENT_SERVER = "telemetry::instrument_server(service)"
INSTRUMENT_CLIENT = "telemetry::instrument_client()"
SETUP_TRACING = "setup_tracing(resource)"
CURRENT_SPAN = "otel::trace::current_span()"
SECTION4 = "README, Section 4"
ALL_SERVICES = ["frontend", "gateway", "geolocator-service", "iss-distance-service"]
REQUIRED_SERVICES = ALL_SERVICES[1:]  # the frontend is the bonus
SERVER_SPAN_NAME = {"frontend": "POST /", "gateway": "GET /", "geolocator-service": "GET /",
                    "iss-distance-service": "GET /"}
NOT_FOUND_TEXT = "No coordinates found for location"


def main_cpp(service):
    return f"workshop/{service}/main.cpp"


def kind_of(span):
    kind = span.get("kind")
    if isinstance(kind, str):  # tolerate "SPAN_KIND_SERVER" / "SERVER"
        return {"SERVER": SERVER, "CLIENT": CLIENT}.get(kind.upper().replace("SPAN_KIND_", ""), 0)
    return kind


def calls_port(span, port):
    """Whether a CLIENT span is a call to 127.0.0.1:port."""
    attributes = span.get("attributes", {})
    if text_of(attributes.get("server.port", "")) == str(port):
        return True
    return f":{port}/" in text_of(attributes.get("url.full", "")) + "/"


class Spans:
    """The spans of a snapshot, indexed for the Section 4 steps."""

    def __init__(self, snapshot):
        self.all = [dict(span, traceId=trace["traceId"]) for trace in snapshot["traces"]
                    for span in trace["spans"]]
        self.by_id = {(s["traceId"], s["spanId"]): s for s in self.all}
        self.ports = snapshot["ports"]

    def of(self, service, kind=None, name=None):
        return [s for s in self.all if s.get("service") == service
                and (kind is None or kind_of(s) == kind) and (name is None or s["name"] == name)]

    def parent(self, span):
        if not span or not span.get("parentSpanId"):
            return None
        return self.by_id.get((span["traceId"], span["parentSpanId"]))

    def services(self):
        return sorted({s.get("service", "") for s in self.all})

    def traces_with(self, services):
        """Trace ids holding spans of every one of `services`."""
        per_trace = {}
        for span in self.all:
            per_trace.setdefault(span["traceId"], set()).add(span.get("service"))
        return [trace for trace, found in per_trace.items() if set(services) <= found]

    def clients_to(self, service, peer):
        return [s for s in self.of(service, CLIENT) if calls_port(s, self.ports[peer])]


def resource_step(spans, service, bonus):
    mine = spans.of(service)
    text = (f'{service}: its spans carry service.name "{service}", '
            'deployment.environment.name and service.version')
    if not mine:
        received = ", ".join(f'"{name}"' for name in spans.services()) or "none"
        return Step(False, text,
                    f'no spans with service.name "{service}" arrived (service names received: '
                    f"{received}): in {main_cpp(service)} make the resource as in Section 0 "
                    f'({{"service.name", "{service}"}}, {{"deployment.environment.name", "dev"}}, '
                    f'{{"service.version", telemetry::ServiceVersion()}}) and set up tracing '
                    f"with it: {SETUP_TRACING}. {SECTION4}.", bonus)
    resource = mine[0].get("resource", {})
    lacking = [key for key in ("deployment.environment.name", "service.version")
               if resource.get(key) in (None, "")]
    return Step(not lacking, text,
                f"its resource has no {' and no '.join(lacking)}: add them to the resource "
                f"in {main_cpp(service)} as in Section 0. {SECTION4}.", bonus)


def server_span_step(spans, service, bonus):
    name = SERVER_SPAN_NAME[service]
    text = f'{service}: a SERVER span "{name}" per request'
    servers = spans.of(service, SERVER)
    hint = (f"call {INSTRUMENT_SERVER} in {main_cpp(service)} before declaring the routes "
            "(the FlaskInstrumentor's counterpart)")
    if not spans.of(service):
        hint = (f"no spans of {service} arrived: set up tracing in {main_cpp(service)} "
                f"({SETUP_TRACING}), then {hint}")
    elif not servers:
        hint = f"{service} sends spans but no SERVER span: {hint}"
    elif not [s for s in servers if s["name"] == name]:
        found = ", ".join(sorted({s["name"] for s in servers}))
        hint = (f'its SERVER spans are named {found}, not "{name}": let {INSTRUMENT_SERVER} '
                "make them")
    return Step(spans.of(service, SERVER, name), text, f"{hint}. {SECTION4}.", bonus)


def client_span_step(spans, service, peers, bonus):
    text = f"{service}: a CLIENT span for each call to {' and '.join(peers)}"
    missing = [peer for peer in peers if not spans.clients_to(service, peer)]
    hint = (f"call {INSTRUMENT_CLIENT} in {main_cpp(service)} (the RequestsInstrumentor's "
            "counterpart): it wraps every outgoing request in a CLIENT span and sends the "
            "traceparent header")
    if missing and spans.of(service, CLIENT):
        hint = f"no CLIENT span calls {' or '.join(missing)}: " + hint
    return Step(not missing, text, f"{hint}. {SECTION4}.", bonus)


def propagation_step(spans):
    text = ("one trace across gateway, geolocator-service and iss-distance-service "
            "(W3C traceparent propagation)")
    joined = spans.traces_with(REQUIRED_SERVICES)
    if joined:
        return Step(True, text), joined
    lacking_servers = [s for s in REQUIRED_SERVICES if not spans.of(s, SERVER)]
    if lacking_servers or not spans.of("gateway", CLIENT):
        hint = ("needs the SERVER spans of every service and the gateway's CLIENT spans "
                "(the steps above) first")
    else:
        hint = (f"the backends' SERVER spans start traces of their own: {INSTRUMENT_CLIENT} "
                "on the gateway sends the traceparent header with each call, and "
                f"{INSTRUMENT_SERVER} on geolocator-service and iss-distance-service continues "
                "the trace it names; the gateway's calls must be made inside its handler")
    return Step(False, text, f"{hint}. {SECTION4}."), []


def chain_step(spans, joined):
    text = ("parent chain: gateway SERVER -> gateway CLIENT -> geolocator-service SERVER, "
            "and gateway CLIENT -> iss-distance-service SERVER")
    if not joined:
        return Step(False, text, f"needs the one trace (the step above) first. {SECTION4}.")
    problems = {}
    for backend in ("geolocator-service", "iss-distance-service"):
        servers = [s for s in spans.of(backend, SERVER) if s["traceId"] in joined]
        if not servers:
            problems[backend] = f"no {backend} SERVER span in the gateway's traces"
            continue
        for server in servers:
            parent = spans.parent(server) or {}
            grandparent = spans.parent(parent) or {}
            if parent.get("service") != "gateway" or kind_of(parent) != CLIENT:
                problems[backend] = (f"the parent of {backend}'s SERVER span is not a gateway "
                                     "CLIENT span")
            elif grandparent.get("service") != "gateway" or kind_of(grandparent) != SERVER:
                problems[backend] = (f"the gateway's CLIENT span for {backend} is not inside "
                                     "its SERVER span: call the backends from the handler, "
                                     f"with {INSTRUMENT_SERVER} called before the routes")
            else:
                problems.pop(backend, None)
                break
    return Step(not problems, text, "; ".join(problems.values()) + f". {SECTION4}.")


def child_of_server_step(spans, service, name, how):
    text = f"{service}: {name} is a child of its SERVER span"
    found = spans.of(service, name=name)
    nested = [s for s in found if kind_of(spans.parent(s) or {}) == SERVER
              and (spans.parent(s) or {}).get("service") == service]
    if not found:
        hint = f"no {name} span from {service} arrived: {how}"
    else:
        hint = (f"{name} is not inside {service}'s SERVER span: call {INSTRUMENT_SERVER} in "
                f"{main_cpp(service)} before declaring the routes, so the handler runs in it")
    return Step(nested, text, f"{hint}. {SECTION4}.")


def error_step(spans):
    text = ("gateway: on the geolocator's 404, error.text and status ERROR on the span "
            "current in its handler (its SERVER span)")
    how = (f"in the gateway's handler, when a backend answers non-200, take {CURRENT_SPAN} "
           'and set the attribute "error.text" to the backend\'s error text and status '
           "ERROR (set_status(otel::trace::StatusCode::kError, ...))")
    answered_404 = [s for s in spans.of("gateway", SERVER)
                    if text_of(s.get("attributes", {}).get("http.response.status_code")) == "404"]
    if not answered_404:
        return Step(False, text, "needs the gateway's SERVER spans (the step above) first; then "
                    f"{how}. {SECTION4}.")
    best = []
    for span in answered_404:
        problems = []
        error_text = span.get("attributes", {}).get("error.text")
        if error_text is None:
            problems.append("no error.text attribute")
        elif NOT_FOUND_TEXT not in text_of(error_text):
            problems.append(f'error.text is "{text_of(error_text)[:120]}", expected the '
                            f"geolocator's answer ({NOT_FOUND_TEXT} ...)")
        if not is_error(span):
            problems.append("its status is not ERROR")
        if not problems:
            return Step(True, text)
        best = problems if not best or len(problems) < len(best) else best
    return Step(False, text, f"the gateway's SERVER span for the unknown place (404) has "
                + " and ".join(best) + f": {how}. {SECTION4}.")


def frontend_trace_step(spans):
    text = "one trace across all four services from the form submission"
    for server in spans.of("frontend", SERVER, SERVER_SPAN_NAME["frontend"]):
        if server["traceId"] not in spans.traces_with(ALL_SERVICES):
            continue
        gateway_servers = [s for s in spans.of("gateway", SERVER)
                           if s["traceId"] == server["traceId"]]
        if any((spans.parent(s) or {}).get("service") == "frontend" for s in gateway_servers):
            return Step(True, text, bonus=True)
    if spans.of("frontend", SERVER) and spans.clients_to("frontend", "gateway"):
        hint = ("the gateway's SERVER spans do not continue the frontend's trace: the "
                f"frontend's CLIENT span sends the traceparent header, {INSTRUMENT_SERVER} on "
                "the gateway continues it (and the one trace above needs to be there)")
    else:
        hint = (f"the frontend's SERVER and CLIENT spans (the steps above) make the form "
                f"submission the root of the gateway's trace: {INSTRUMENT_SERVER} and "
                f"{INSTRUMENT_CLIENT} in {main_cpp('frontend')}")
    return Step(False, text, f"{hint}. {SECTION4}.", bonus=True)


def section4_distributed_tracing(snapshot, answers):
    spans = Spans(snapshot)
    if not spans.all:
        return Section("4", "Distributed tracing", [Step(
            False, "spans arrive from the services",
            "no spans arrived from any of the four services: start with the gateway "
            f"({main_cpp('gateway')}): make its resource as in Section 0, set up tracing "
            f"({SETUP_TRACING}), call {INSTRUMENT_SERVER} before the routes and "
            f"{INSTRUMENT_CLIENT}; then geolocator-service and iss-distance-service. "
            f"{SECTION4}.")])
    steps = [resource_step(spans, service, False) for service in REQUIRED_SERVICES]
    steps += [server_span_step(spans, service, False) for service in REQUIRED_SERVICES]
    steps.append(client_span_step(spans, "gateway", ["geolocator-service",
                                                     "iss-distance-service"], False))
    propagation, joined = propagation_step(spans)
    steps += [propagation, chain_step(spans, joined)]
    steps.append(child_of_server_step(
        spans, "geolocator-service", "getting-coordinates-for-location",
        "start it around the look-up in the geolocator's handler, as the spans of Section 3"))
    steps.append(child_of_server_step(
        spans, "iss-distance-service", "calculating-iss-distance",
        "Section 3's span (workshop/iss-distance-service/distance_handler.cpp) comes first"))
    steps.append(error_step(spans))
    for step in (resource_step(spans, "frontend", True),
                 server_span_step(spans, "frontend", True),
                 client_span_step(spans, "frontend", ["gateway"], True),
                 frontend_trace_step(spans)):
        step.text += " (bonus)"
        steps.append(step)
    return Section("4", "Distributed tracing", steps)


def system_behaviour_problems(answers):
    """What the four services answered differently from the solution (Section 4 run)."""
    problems = []
    for via, kind, place, status, body in answers:
        what = (f"GET /?location={place} on the gateway" if via == "gateway"
                else f"the frontend's form with {place}")
        if status == 0:
            problems.append(f"{what}: no answer (did a service crash?)")
            continue
        if kind == "unknown":
            if status != 404 or NOT_FOUND_TEXT not in body.replace("&#39;", "'"):
                problems.append(f"{what}: {status} {body[:200]!r}, expected 404 "
                                f"'{NOT_FOUND_TEXT} ...'")
            continue
        if via == "gateway":
            try:
                payload = json.loads(body)
            except ValueError:
                payload = None
            if status != 200 or not isinstance(payload, dict) or not isinstance(
                    payload.get("distance"), (int, float)):
                problems.append(f"{what}: {status} {body[:200]!r}, expected 200 with a distance")
        elif status != 200:
            problems.append(f"{what}: {status}, expected 200 (the result page)")
    return problems


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
