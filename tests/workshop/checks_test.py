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


class Mistakes(unittest.TestCase):
    def assertMissing(self, snapshot, section, step_start, hint_part):
        result = run(snapshot, section)
        steps = [(text, hint) for text, hint in missing(result).items()
                 if text.startswith(step_start)]
        self.assertEqual(len(steps), 1, f"{step_start!r} not missing in {missing(result)}")
        self.assertIn(hint_part, steps[0][1])

    def test_resource_only_from_metrics_target_info(self):
        snapshot = finished_snapshot()
        snapshot.update(traces=[], logs=[], prometheus=(
            'target_info{job="iss-distance-service",instance="h",'
            'deployment_environment_name="dev",service_version="0.1.0"} 1\n'))
        self.assertTrue(run(snapshot, "0").done, missing(run(snapshot, "0")))
        snapshot["prometheus"] = 'target_info{job="unknown_service:x",instance="h"} 1\n'
        self.assertMissing(snapshot, "0", "service.name", '"service.name", "iss-distance-service"')
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
                           "OTEL_METRIC_EXPORT_INTERVAL")

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


if __name__ == "__main__":
    unittest.main()
