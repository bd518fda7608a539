#!/usr/bin/python3
"""The checker's steps on made-up viewer snapshots: a finished exercise passes, and each
typical mistake is reported with the step and hint that name it."""
import copy
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..",
                                "workshop", "checker"))
import workshop_checks  # noqa: E402

ISS_URL = "http://127.0.0.1:5999/iss-now.json"
RESOURCE = {"service.name": "iss-distance-service", "deployment.environment.name": "dev",
            "service.version": "0.1.0"}
ANSWERS = [("good", "Paris", "latitude=1&longitude=2", 200, '{"distance": 1.5}'),
           ("good", "Sydney", "latitude=3&longitude=4", 200, '{"distance": 2.5}'),
           ("missing", "no coordinates", "", 400, '{"error": "Missing latitude"}'),
           ("iss-fails", "ISS API answers 503", "latitude=10&longitude=20", 502,
            '{"error": "the ISS position API answered 503"}')]
SECOND = 1_000_000_000


def span(trace, span_id, name, parent="", attributes=None, error=False):
    return {"traceId": trace, "spanId": span_id, "parentSpanId": parent, "name": name,
            "attributes": attributes or {}, "status": {"code": 2 if error else 0, "message": ""},
            "resource": RESOURCE}


def trace(number, status):
    trace_id = f"{number:032x}"
    calculating = span(trace_id, f"{number:015x}1", "calculating-iss-distance",
                       error=status != 200)
    attributes = {"http.request.method": "GET", "url.full": ISS_URL,
                  "http.response.status_code": status}
    if status == 200:
        attributes["iss.position"] = "10.5,20.25"
    coordinates = span(trace_id, f"{number:015x}2", "getting-iss-coordinates",
                       calculating["spanId"], attributes, error=status != 200)
    return {"traceId": trace_id, "spans": [calculating, coordinates]}


def log(body, severity, trace_id="", span_id=""):
    return {"body": body, "severityNumber": severity, "severityText": "", "traceId": trace_id,
            "spanId": span_id, "resource": RESOURCE}


def counter(series):
    return {"type": "sum", "monotonic": True,
            "series": [{"service": "iss-distance-service", "attributes": attributes,
                        "points": [{"timeUnixNano": 100 * SECOND + i * SECOND, "value": value}
                                   for i in range(3)]} for attributes, value in series]}


def finished_snapshot():
    failed = trace(3, 503)
    return {
        "traces": [trace(1, 200), trace(2, 200), failed],
        "logs": [log("started application (ISS position source: live)", 9),
                 log("received request from IP address: 127.0.0.1", 9),
                 log("missing latitude or longitude", 13),
                 log("ISS position API answered 503 (expected 200)", 17, failed["traceId"],
                     failed["spans"][1]["spanId"])],
        "metrics": {"incoming.requests": counter([({}, 4)]),
                    "iss.requests": counter([({"response.status": 200}, 2),
                                             ({"response.status": 503}, 1)])},
        "prometheus": "", "iss_url": ISS_URL, "failing_iss_status": 503, "service_port": 5000,
    }


def run(snapshot, section):
    [result] = workshop_checks.check(snapshot, ANSWERS, [section])
    return result


def missing(result):
    return {step.text: step.hint for step in result.steps if not step.done}


class FinishedExercise(unittest.TestCase):
    def test_every_section_is_done(self):
        for section in "0123":
            result = run(finished_snapshot(), section)
            self.assertTrue(result.done, f"Section {section}: {missing(result)}")
        self.assertEqual(workshop_checks.behaviour_problems(ANSWERS), [])


class StepTestCase(unittest.TestCase):
    def assertMissing(self, snapshot, section, step_start, hint_part):
        result = run(snapshot, section)
        steps = [(text, hint) for text, hint in missing(result).items()
                 if text.startswith(step_start)]
        self.assertEqual(len(steps), 1, f"{step_start!r} not missing in {missing(result)}")
        self.assertIn(hint_part, steps[0][1])


class Mistakes(StepTestCase):

    def test_resource_only_from_metrics_target_info(self):
        snapshot = finished_snapshot()
        snapshot.update(traces=[], logs=[], prometheus=(
            'target_info{job="iss-distance-service",instance="h",'
            'deployment_environment_name="dev",service_version="0.1.0"} 1\n'))
        self.assertTrue(run(snapshot, "0").done, missing(run(snapshot, "0")))
        snapshot["prometheus"] = 'target_info{job="unknown_service:x",instance="h"} 1\n'
        self.assertMissing(snapshot, "0", "service.name", 'otel::semconv::kServiceName, "iss-distance-service"')
        self.assertMissing(snapshot, "0", "deployment.environment.name", '"dev"')

    def test_counter_with_another_name(self):
        snapshot = finished_snapshot()
        snapshot["metrics"]["incoming_requests"] = snapshot["metrics"].pop("incoming.requests")
        self.assertMissing(snapshot, "1", "counter incoming.requests",
                           "received: incoming_requests, iss.requests")

    def test_counter_that_misses_requests(self):
        snapshot = finished_snapshot()
        snapshot["metrics"]["incoming.requests"] = counter([({}, 2)])
        self.assertMissing(snapshot, "1", "incoming.requests counts every request to / "
                           "(4 sent, counted 2)", "before any early return")

    def test_iss_requests_without_status_attribute(self):
        snapshot = finished_snapshot()
        snapshot["metrics"]["iss.requests"] = counter([({}, 3)])
        self.assertMissing(snapshot, "1", "iss.requests counts", 'no "response.status" attribute')

    def test_a_histogram_is_not_a_counter(self):
        snapshot = finished_snapshot()
        snapshot["metrics"]["iss.requests"]["type"] = "histogram"
        self.assertMissing(snapshot, "1", "counter iss.requests", "not a counter")

    def test_metrics_exported_once_a_minute(self):
        snapshot = finished_snapshot()
        for metric in snapshot["metrics"].values():
            for series in metric["series"]:
                for i, point in enumerate(series["points"]):
                    point["timeUnixNano"] = i * 60 * SECOND
        self.assertMissing(snapshot, "1", "metrics are exported every second",
                           "std::chrono::seconds(1)")

    def test_warning_logged_as_info(self):
        snapshot = finished_snapshot()
        snapshot["logs"][2]["severityNumber"] = 9
        self.assertMissing(snapshot, "2", 'WARN "missing latitude', "spdlog::warn")

    def test_coordinates_span_outside_the_calculation(self):
        snapshot = finished_snapshot()
        for each in snapshot["traces"]:
            each["spans"][1]["parentSpanId"] = ""
        self.assertMissing(snapshot, "3", "span getting-iss-coordinates", "is not inside")

    def test_old_http_attribute_names(self):
        snapshot = finished_snapshot()
        attributes = snapshot["traces"][0]["spans"][1]["attributes"]
        attributes["http.method"] = attributes.pop("http.request.method")
        self.assertMissing(snapshot, "3", "getting-iss-coordinates has",
                           "found the old name http.method")

    def test_error_status_only_on_the_inner_span(self):
        snapshot = finished_snapshot()
        snapshot["traces"][2]["spans"][0]["status"]["code"] = 0
        self.assertMissing(snapshot, "3", "a failed ISS call",
                           "calculating-iss-distance has no status ERROR")

    def test_no_error_status_at_all(self):
        snapshot = finished_snapshot()
        for each in snapshot["traces"][2]["spans"]:
            each["status"]["code"] = 0
        self.assertMissing(snapshot, "3", "a failed ISS call",
                           "getting-iss-coordinates has no status ERROR")

    def test_error_log_outside_the_span(self):
        snapshot = finished_snapshot()
        snapshot["logs"][3].update(traceId="", spanId="")
        self.assertMissing(snapshot, "3", "log records written inside a span",
                           "carries no trace and span id")

    def test_nothing_arrived(self):
        empty = {"traces": [], "logs": [], "metrics": {}, "prometheus": "",
                 "iss_url": ISS_URL, "failing_iss_status": 503}
        for section, hint in (("0", "MakeResource"), ("1", "setup_metrics(resource)"),
                              ("2", "setup_logging(resource)"), ("3", "setup_tracing(resource)")):
            result = run(copy.deepcopy(empty), section)
            self.assertEqual(len(result.steps), 1)
            self.assertFalse(result.done)
            self.assertIn(hint, result.steps[0].hint)

    def test_changed_behaviour_is_reported(self):
        answers = list(ANSWERS)
        answers[0] = ("good", "Paris", "latitude=1&longitude=2", 500, '{"error": "boom"}')
        answers[2] = ("missing", "no coordinates", "", 0, "")
        problems = workshop_checks.behaviour_problems(answers)
        self.assertEqual(len(problems), 2, problems)
        self.assertIn("expected 200 with a distance", problems[0])
        self.assertIn("no answer", problems[1])


# ---- Section 4: the four services ----

PORTS = {"frontend": 6001, "gateway": 6002, "geolocator-service": 6003,
         "iss-distance-service": 6004}
SERVER, CLIENT, INTERNAL = 2, 3, 1


class TraceBuilder:
    """Spans of one request through the system, as the solutions send them."""

    def __init__(self, number):
        self.trace_id = f"{number:032x}"
        self.number = number
        self.spans = []

    def add(self, service, name, kind, parent=None, attributes=None, error=False):
        span_id = f"{self.number:08x}{len(self.spans) + 1:08x}"
        resource = {"service.name": service, "deployment.environment.name": "dev",
                    "service.version": "0.9.0"}
        self.spans.append({"traceId": self.trace_id, "spanId": span_id,
                           "parentSpanId": parent["spanId"] if parent else "", "name": name,
                           "kind": kind, "service": service, "attributes": attributes or {},
                           "status": {"code": 2 if error else 0, "message": ""},
                           "resource": resource})
        return self.spans[-1]

    def server(self, service, parent, status, name="GET /", error_text=None):
        attributes = {"http.request.method": name.split()[0], "url.path": "/",
                      "http.route": "/", "http.response.status_code": status}
        if error_text is not None:
            attributes["error.text"] = error_text
        return self.add(service, name, SERVER, parent, attributes, error=error_text is not None)

    def client(self, service, parent, peer, status):
        port = PORTS[peer]
        return self.add(service, "GET", CLIENT, parent,
                        {"http.request.method": "GET", "server.address": "127.0.0.1",
                         "server.port": port, "url.full": f"http://127.0.0.1:{port}/?x=1",
                         "http.response.status_code": status})

    def gateway_request(self, parent=None, found=True):
        """gateway SERVER -> geolocator (-> iss-distance when the place is found)."""
        text = "No coordinates found for location 'Atlantis-Nowhere'"
        gateway = self.server("gateway", parent, 200 if found else 404,
                              error_text=None if found else text)
        to_geo = self.client("gateway", gateway, "geolocator-service", 200 if found else 404)
        geo = self.server("geolocator-service", to_geo, 200 if found else 404)
        self.add("geolocator-service", "getting-coordinates-for-location", INTERNAL, geo)
        if found:
            to_iss = self.client("gateway", gateway, "iss-distance-service", 200)
            iss = self.server("iss-distance-service", to_iss, 200)
            calculating = self.add("iss-distance-service", "calculating-iss-distance", INTERNAL,
                                   iss)
            self.add("iss-distance-service", "getting-iss-coordinates", INTERNAL, calculating)
        return gateway

    def form_request(self, found=True):
        frontend = self.server("frontend", None, 200 if found else 404, name="POST /")
        to_gateway = self.client("frontend", frontend, "gateway", 200 if found else 404)
        self.gateway_request(to_gateway, found)

    def trace(self):
        return {"traceId": self.trace_id, "spans": self.spans}


def finished_system_snapshot():
    traces = []
    for number, (via, found) in enumerate([("gateway", True), ("gateway", False),
                                           ("frontend", True), ("frontend", False)], 1):
        builder = TraceBuilder(number)
        if via == "gateway":
            builder.gateway_request(found=found)
        else:
            builder.form_request(found=found)
        traces.append(builder.trace())
    return {"traces": traces, "logs": [], "metrics": {}, "prometheus": "", "iss_url": ISS_URL,
            "failing_iss_status": 503, "ports": dict(PORTS), "console": {}}


SYSTEM_ANSWERS = [
    ("gateway", "known", "London", 200, '{"distance": 1234.5}'),
    ("gateway", "unknown", "Atlantis-Nowhere", 404,
     '{"error": "No coordinates found for location \'Atlantis-Nowhere\'"}'),
    ("frontend", "known", "London", 200, "<html>...</html>"),
    ("frontend", "unknown", "Atlantis-Nowhere", 404,
     "<html>No coordinates found for location &#39;Atlantis-Nowhere&#39;</html>"),
]


def all_spans(snapshot):
    return [span for trace in snapshot["traces"] for span in trace["spans"]]


def without(snapshot, keep):
    """The snapshot with only the spans `keep(span)` accepts."""
    for trace in snapshot["traces"]:
        trace["spans"] = [span for span in trace["spans"] if keep(span)]
    return snapshot


class FinishedSystem(unittest.TestCase):
    def test_section4_and_its_bonus_are_done(self):
        result = run(finished_system_snapshot(), "4")
        self.assertTrue(result.complete, missing(result))
        self.assertEqual(len(result.bonus), 4)
        self.assertTrue(all(step.text.endswith("(bonus)") for step in result.bonus))
        self.assertEqual(workshop_checks.system_behaviour_problems(SYSTEM_ANSWERS), [])

    def test_without_the_frontend_only_the_bonus_is_open(self):
        snapshot = without(finished_system_snapshot(), lambda s: s["service"] != "frontend")
        # Without the frontend's spans its gateway SERVER spans become roots.
        for span in all_spans(snapshot):
            if span["service"] == "gateway" and span["kind"] == SERVER:
                span["parentSpanId"] = ""
        result = run(snapshot, "4")
        self.assertTrue(result.done, missing(result))
        self.assertFalse(result.complete)
        self.assertEqual({text for text in missing(result)},
                         {step.text for step in result.bonus})


class SystemMistakes(StepTestCase):
    def test_no_spans_at_all(self):
        snapshot = without(finished_system_snapshot(), lambda s: False)
        result = run(snapshot, "4")
        self.assertEqual(len(result.steps), 1)
        self.assertFalse(result.done)
        self.assertIn("telemetry::instrument_server(service)", result.steps[0].hint)
        self.assertIn("workshop/gateway/main.cpp", result.steps[0].hint)

    def test_no_propagation_makes_separate_traces(self):
        # The gateway sends no traceparent: each backend SERVER span roots a trace of its own.
        snapshot = finished_system_snapshot()
        moved = []
        for trace in snapshot["traces"]:
            for span in list(trace["spans"]):
                if span["service"] in ("geolocator-service", "iss-distance-service"):
                    trace["spans"].remove(span)
                    moved.append(span)
        for number, span in enumerate(moved, 100):
            if span["kind"] == SERVER:
                span["parentSpanId"] = ""
            span["traceId"] = f"{number:032x}"  # (children follow below)
        by_trace = {}
        for span in moved:
            by_trace.setdefault(span["traceId"], []).append(span)
        snapshot["traces"] += [{"traceId": t, "spans": s} for t, s in by_trace.items()]
        self.assertMissing(snapshot, "4", "one trace across gateway",
                           "start traces of their own")
        self.assertMissing(snapshot, "4", "parent chain", "needs the one trace")

    def test_one_service_without_server_spans(self):
        snapshot = finished_system_snapshot()
        for span in all_spans(snapshot):
            if span["name"] == "getting-coordinates-for-location":
                span["parentSpanId"] = ""
        without(snapshot, lambda s: not (s["service"] == "geolocator-service"
                                         and s["kind"] == SERVER))
        self.assertMissing(snapshot, "4", "geolocator-service: a SERVER span",
                           "telemetry::instrument_server(service) in "
                           "workshop/geolocator-service/main.cpp")
        self.assertMissing(snapshot, "4", "geolocator-service: getting-coordinates-for-location",
                           "is not inside geolocator-service's SERVER span")
        result = run(snapshot, "4")
        self.assertFalse(result.done)

    def test_a_service_sending_nothing(self):
        snapshot = without(finished_system_snapshot(),
                           lambda s: s["service"] != "iss-distance-service")
        self.assertMissing(snapshot, "4", "iss-distance-service: its spans carry",
                           'no spans with service.name "iss-distance-service"')
        self.assertMissing(snapshot, "4", "iss-distance-service: a SERVER span",
                           "no spans of iss-distance-service arrived")
        self.assertMissing(snapshot, "4", "one trace across gateway", "needs the SERVER spans")

    def test_wrong_service_name(self):
        snapshot = finished_system_snapshot()
        for span in all_spans(snapshot):
            if span["service"] == "gateway":
                span["service"] = span["resource"]["service.name"] = "unknown_service"
        self.assertMissing(snapshot, "4", "gateway: its spans carry", '"unknown_service"')

    def test_resource_without_environment(self):
        snapshot = finished_system_snapshot()
        for span in all_spans(snapshot):
            if span["service"] == "geolocator-service":
                del span["resource"]["deployment.environment.name"]
        self.assertMissing(snapshot, "4", "geolocator-service: its spans carry",
                           "no deployment.environment.name")

    def test_gateway_without_client_spans(self):
        # Without instrument_client() the backends' SERVER spans are roots of other traces.
        snapshot = finished_system_snapshot()
        without(snapshot, lambda s: not (s["service"] == "gateway" and s["kind"] == CLIENT))
        self.assertMissing(snapshot, "4", "gateway: a CLIENT span for each call",
                           "telemetry::instrument_client() in workshop/gateway/main.cpp")

    def test_client_spans_outside_the_server_span(self):
        snapshot = finished_system_snapshot()
        for span in all_spans(snapshot):
            if span["service"] == "gateway" and span["kind"] == CLIENT:
                span["parentSpanId"] = ""
        self.assertMissing(snapshot, "4", "parent chain", "not inside its SERVER span")

    def test_span_of_section3_outside_the_server_span(self):
        snapshot = finished_system_snapshot()
        for span in all_spans(snapshot):
            if span["name"] == "calculating-iss-distance":
                span["parentSpanId"] = ""
        self.assertMissing(snapshot, "4", "iss-distance-service: calculating-iss-distance",
                           "before declaring the routes")

    def test_missing_error_attribute_and_status(self):
        snapshot = finished_system_snapshot()
        for span in all_spans(snapshot):
            span["attributes"].pop("error.text", None)
            span["status"]["code"] = 0
        self.assertMissing(snapshot, "4", "gateway: on the geolocator's 404",
                           "no error.text attribute and its status is not ERROR")

    def test_error_text_without_error_status(self):
        snapshot = finished_system_snapshot()
        for span in all_spans(snapshot):
            span["status"]["code"] = 0
        self.assertMissing(snapshot, "4", "gateway: on the geolocator's 404",
                           "its status is not ERROR: in the gateway's handler")

    def test_error_text_of_something_else(self):
        snapshot = finished_system_snapshot()
        for span in all_spans(snapshot):
            if "error.text" in span["attributes"]:
                span["attributes"]["error.text"] = "error"
        self.assertMissing(snapshot, "4", "gateway: on the geolocator's 404",
                           'error.text is "error"')

    def test_frontend_not_propagating(self):
        snapshot = finished_system_snapshot()
        for span in all_spans(snapshot):
            if span["service"] == "gateway" and span["kind"] == SERVER:
                span["parentSpanId"] = ""
        result = run(snapshot, "4")
        self.assertTrue(result.done, missing(result))
        self.assertMissing(snapshot, "4", "one trace across all four services",
                           "the gateway's SERVER spans do not continue the frontend's trace")
        without(snapshot, lambda s: s["service"] != "frontend")
        self.assertMissing(snapshot, "4", "one trace across all four services",
                           "workshop/frontend/main.cpp")

    def test_changed_answers_are_reported(self):
        answers = list(SYSTEM_ANSWERS)
        answers[0] = ("gateway", "known", "London", 502, '{"error": "boom"}')
        answers[3] = ("frontend", "unknown", "Atlantis-Nowhere", 0, "")
        problems = workshop_checks.system_behaviour_problems(answers)
        self.assertEqual(len(problems), 2, problems)
        self.assertIn("expected 200 with a distance", problems[0])
        self.assertIn("no answer", problems[1])


# ---- Section 0 from the console line ----

PRINTED = ("[2026-12-07 10:00:00.000] [iss-distance-service] [info] resource: "
           "deployment.environment.name=dev, host.name=box, process.command_args=[a, b], "
           "process.pid=42, service.name=iss-distance-service, service.version=0.9.0, "
           "telemetry.sdk.language=cpp")


def nothing_arrived(console=""):
    return {"traces": [], "logs": [], "metrics": {}, "prometheus": "", "iss_url": ISS_URL,
            "failing_iss_status": 503, "console": {"iss-distance-service": console}}


class ResourceFromTheConsole(StepTestCase):
    def test_parse(self):
        self.assertEqual(workshop_checks.printed_resource("x\n" + PRINTED + "\ny"), {
            "deployment.environment.name": "dev", "host.name": "box",
            "process.command_args": "[a, b]", "process.pid": "42",
            "service.name": "iss-distance-service", "service.version": "0.9.0",
            "telemetry.sdk.language": "cpp"})
        self.assertIsNone(workshop_checks.printed_resource("started application\n"))
        self.assertIsNone(workshop_checks.printed_resource("resource: none yet"))

    def test_printed_line_alone_passes(self):
        result = run(nothing_arrived(PRINTED), "0")
        self.assertTrue(result.done, missing(result))
        self.assertIn("printed at start", result.steps[0].text)

    def test_printed_line_with_another_name(self):
        self.assertMissing(nothing_arrived(PRINTED.replace("=iss-distance-service", "=x")), "0",
                           "service.name", 'otel::semconv::kServiceName, "iss-distance-service"')

    def test_neither_printed_nor_sent(self):
        result = run(nothing_arrived("started application\n"), "0")
        self.assertEqual(len(result.steps), 1)
        self.assertFalse(result.done)
        self.assertIn('spdlog::info("resource: {}", resource.to_string())', result.steps[0].hint)

    def test_printed_and_sent_agree(self):
        snapshot = finished_snapshot()
        snapshot["console"] = {"iss-distance-service": PRINTED.replace("0.9.0", "0.1.0")}
        result = run(snapshot, "0")
        self.assertTrue(result.done, missing(result))
        self.assertIn("the printed resource is the one telemetry carries",
                      [step.text for step in result.steps])

    def test_printed_and_sent_disagree(self):
        snapshot = finished_snapshot()
        snapshot["console"] = {"iss-distance-service": PRINTED}  # version 0.9.0, sent 0.1.0
        self.assertMissing(snapshot, "0", "the printed resource is the one telemetry carries",
                           'service.version printed "0.9.0", telemetry "0.1.0"')


if __name__ == "__main__":
    unittest.main()
