#!/usr/bin/python3
"""The workshop's exercise answers like the solution and sends no telemetry.

    exercise_test.py EXERCISE_BINARY SOLUTION_BINARY BIN_DIR

Both binaries ask the same local fake ISS API (ISS_SOURCE=live) and then use SGP4
(ISS_SOURCE=tle); the same requests must get the same statuses, the same error bodies
and answers of the same shape. The exercise exports to a telemetry-viewer with every
OTEL_* export setting at its quickest: nothing may arrive.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..",
                                "workshop", "checker"))
from workshop_run import Process, StartError, free_port, get_json, http  # noqa: E402

REQUESTS = [
    "?latitude=48.8566&longitude=2.3522",
    "?latitude=-33.9&longitude=151.2",
    "",
    "?latitude=48.8566",
    "?latitude=abc&longitude=1",
    "?latitude=100&longitude=0",
    "?latitude=1&longitude=200",
]
failures = []
processes = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def start(name, argv, env, port):
    process = Process(name, argv, dict(env, HOST="127.0.0.1", PORT=str(port)))
    processes.append(process)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if http("GET", f"http://127.0.0.1:{port}/healthz")[0] == 200:
            return f"http://127.0.0.1:{port}/"
        if not process.running():
            raise StartError(f"{name} exited:\n{process.text()}")
        time.sleep(0.1)
    raise StartError(f"{name} did not start:\n{process.text()}")


def shape(body):
    """Keys and JSON types of an answer: the values move with the ISS."""
    answer = json.loads(body)
    return {key: type(value).__name__ for key, value in answer.items()}


def compare(label, exercise_answer, solution_answer):
    (e_status, e_body), (s_status, s_body) = exercise_answer, solution_answer
    expect(e_status == s_status, f"{label}: exercise {e_status}, solution {s_status}")
    if s_status == 200:
        expect(shape(e_body) == shape(s_body),
               f"{label}: answers differ in shape:\n  {e_body}\n  {s_body}")
        expect(0 <= json.loads(e_body)["distance"] <= 20040, f"{label}: distance {e_body}")
    else:
        expect(e_body == s_body, f"{label}: error bodies differ:\n  {e_body}\n  {s_body}")
        expect("error" in json.loads(e_body), f"{label}: not a JSON error: {e_body}")


def main():
    exercise, solution, bin_dir = sys.argv[1:4]
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    api_port, grpc_port, http_port = free_port(), free_port(), free_port()
    start("telemetry-viewer", [os.path.join(bin_dir, "telemetry-viewer")],
          dict(base, OTLP_GRPC_PORT=str(grpc_port), OTLP_HTTP_PORT=str(http_port)), api_port)
    viewer = f"http://127.0.0.1:{api_port}"
    iss_port = free_port()
    fake_iss = start("fake-iss-api", [os.path.join(bin_dir, "fake-iss-api")], base, iss_port)
    quick_export = {"OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{http_port}",
                    "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
                    "OTEL_BSP_SCHEDULE_DELAY": "50", "OTEL_BLRP_SCHEDULE_DELAY": "50",
                    "OTEL_METRIC_EXPORT_INTERVAL": "100"}
    live = {"ISS_SOURCE": "live", "ISS_NOW_URL": fake_iss + "iss-now.json",
            "UPSTREAM_TIMEOUT_SECONDS": "3"}
    services = {
        "exercise": start("exercise", [exercise], dict(base, **live, **quick_export), free_port()),
        "solution": start("solution", [solution], dict(base, **live, OTEL_SDK_DISABLED="true"),
                          free_port()),
        "exercise-tle": start("exercise (tle)", [exercise], dict(base, **quick_export),
                              free_port()),
        "solution-tle": start("solution (tle)", [solution], dict(base, OTEL_SDK_DISABLED="true"),
                              free_port()),
    }
    for query in REQUESTS:
        compare(f"live {query or '(no query)'}", http("GET", services["exercise"] + query),
                http("GET", services["solution"] + query))
    answers = {}
    for name in ("exercise", "solution"):
        http("POST", fake_iss + "fail-next?status=503")
        answers[name] = http("GET", services[name] + "?latitude=1&longitude=2")
    expect(answers["exercise"][0] == 502, f"failing ISS API: {answers['exercise']}")
    compare("failing ISS API", answers["exercise"], answers["solution"])
    query = REQUESTS[0]
    tle = {name: http("GET", services[name + "-tle"] + query) for name in answers}
    compare("tle", tle["exercise"], tle["solution"])
    if tle["exercise"][0] == 200 and tle["solution"][0] == 200:
        e, s = json.loads(tle["exercise"][1]), json.loads(tle["solution"][1])
        expect(e["source"] == s["source"] == "tle", f"tle source: {e['source']}, {s['source']}")
        expect(e["tle_epoch"] == s["tle_epoch"], "different element sets")

    # The exercise sent nothing, even after a clean stop (which flushes telemetry).
    for process in processes[2:]:
        process.stop()
    time.sleep(1.0)
    stats = {"services": (get_json(viewer + "/api/services") or {}).get("services"),
             "traces": (get_json(viewer + "/api/traces") or {}).get("traces"),
             "logs": (get_json(viewer + "/api/logs") or {}).get("logs"),
             "metrics": (get_json(viewer + "/api/metrics") or {}).get("metrics")}
    for kind, received in stats.items():
        expect(received == [], f"the viewer received {kind}: {json.dumps(received)[:300]}")
    exercise_log = processes[2].text()
    expect("received request from IP address: 127.0.0.1" in exercise_log,
           "the exercise's console log lacks the request line")
    expect("ISS position API answered 503" in exercise_log,
           "the exercise's console log lacks the ISS error line")


if __name__ == "__main__":
    try:
        main()
    except StartError as error:
        failures.append(str(error))
    finally:
        for process in reversed(processes):
            process.stop()
    for failure in failures:
        print(f"FAILED: {failure}")
    print("ok" if not failures else f"{len(failures)} failure(s)")
    sys.exit(1 if failures else 0)
