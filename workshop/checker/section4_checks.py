"""What scripts/check-workshop checks in Section 4: the four services wired together,
on the telemetry a telemetry-viewer received (a snapshot from workshop_run.SystemStack)."""
import json

from check_steps import Section, Step, is_error, text_of

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
                    f'({{otel::semconv::kServiceName, "{service}"}}, '
                    f'{{otel::semconv::kDeploymentEnvironmentName, "dev"}}, '
                    f'{{otel::semconv::kServiceVersion, telemetry::ServiceVersion()}}) and set up tracing '
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
                                     f"with {INSTRUMENT_SERVER} called once the service is made")
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
            f"({SETUP_TRACING}), call {INSTRUMENT_SERVER} once the service is made and "
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
