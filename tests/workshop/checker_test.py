#!/usr/bin/python3
"""scripts/check-workshop against real binaries.

    checker_test.py CHECKER solution BIN_DIR SECTION...   # the solutions: those sections
                                                          # done, "all done", exit 0
    checker_test.py CHECKER exercise BINARY SECTION       # Sections 0-3 of the untouched
                                                          # exercise: missing, named, exit 1
    checker_test.py CHECKER exercise-system BIN_DIR       # Section 4 of the four untouched
                                                          # exercises (workshop-*): exit 1
    checker_test.py CHECKER not-built MISSING_PATH        # a clear error, exit 2
    checker_test.py CHECKER not-built-system EMPTY_DIR    # Section 4: names all it needs
    checker_test.py CHECKER partial BINARY                # the solution without logs and
                                                          # spans: 0, 1 done, 2, 3 missing
    checker_test.py CHECKER printed-resource BINARY print|own
        # Section 0 from the console line alone, no telemetry: `print` wraps BINARY (an
        # exercise sending nothing) in a script printing the line Section 0's snippet
        # prints; `own` runs BINARY (the solution) with every exporter off, so only the
        # line it prints itself can pass Section 0.
    checker_test.py CHECKER mistake BIN_DIR no-propagation
    checker_test.py CHECKER mistake BIN_DIR no-geolocator-spans [GEOLOCATOR]
    checker_test.py CHECKER mistake BIN_DIR no-error-status GATEWAY
        # Section 4 on the solutions of BIN_DIR with one service replaced: the gateway
        # with OTEL_PROPAGATORS=none (two traces); the geolocator with its spans not
        # exported (or GEOLOCATOR, e.g. the untouched exercise); GATEWAY, a gateway that
        # does not mark the geolocator's 404 on its span. Each is reported by its step.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

# What the untouched exercise is missing, per section, in the checker's words.
EXERCISE_MISSING = {
    "0": ["[ ] the resource is printed at start (or carried by telemetry)",
          "no \"resource: ...\" line in the service's console output and no telemetry arrived",
          'spdlog::info("resource: {}", resource.to_string())', "README, Section 0"],
    "1": ["[ ] metrics arrive", "no metrics arrived", "write setup_metrics(resource)",
          "README, Section 1"],
    "2": ["[ ] log records arrive", "no log records arrived",
          "write setup_logging(resource)", "README, Section 2"],
    "3": ["[ ] spans arrive", "no spans arrived", "write setup_tracing(resource)",
          "README, Section 3"],
    "4": ["[ ] spans arrive from the services",
          "no spans arrived from any of the four services", "workshop/gateway/main.cpp",
          "telemetry::instrument_server(service)", "telemetry::instrument_client()",
          "README, Section 4"],
}
# Every step the checker shows for the solution, done.
SOLUTION_DONE = {
    "0": ['[x] service.name is "iss-distance-service"',
          '[x] deployment.environment.name is "dev"',
          "[x] service.version is"],
    "1": ["[x] counter incoming.requests",
          "[x] incoming.requests counts every request to / (4 sent, counted 4)",
          "[x] counter iss.requests",
          "[x] iss.requests counts the ISS API's answers by response.status (200: 2, 503: 1)",
          "[x] metrics are exported every second"],
    "2": ['[x] INFO "started application..."',
          '[x] INFO "received request from IP address:..."',
          '[x] WARN "missing latitude or longitude..."',
          '[x] ERROR "ISS position API answered..."'],
    "3": ["[x] span calculating-iss-distance",
          "[x] span getting-iss-coordinates, a child of calculating-iss-distance",
          "[x] getting-iss-coordinates has the ISS call's attributes",
          "[x] a failed ISS call sets status ERROR on getting-iss-coordinates and",
          "[x] log records written inside a span carry its trace id"],
}
SECTION4_STEPS = {
    "resources": [f"{service}: its spans carry service.name \"{service}\""
                  for service in ("gateway", "geolocator-service", "iss-distance-service")],
    "servers": ['gateway: a SERVER span "GET /" per request',
                'geolocator-service: a SERVER span "GET /" per request',
                'iss-distance-service: a SERVER span "GET /" per request'],
    "clients": ["gateway: a CLIENT span for each call to geolocator-service and "
                "iss-distance-service"],
    "trace": ["one trace across gateway, geolocator-service and iss-distance-service",
              "parent chain: gateway SERVER -> gateway CLIENT -> geolocator-service SERVER"],
    "children": ["geolocator-service: getting-coordinates-for-location is a child of its "
                 "SERVER span",
                 "iss-distance-service: calculating-iss-distance is a child of its SERVER span"],
    "error": ["gateway: on the geolocator's 404, error.text and status ERROR"],
    "bonus": ['frontend: its spans carry service.name "frontend"',
              'frontend: a SERVER span "POST /" per request',
              "frontend: a CLIENT span for each call to gateway",
              "one trace across all four services from the form submission"],
}
SOLUTION_DONE["4"] = [f"[x] {text}" for texts in SECTION4_STEPS.values() for text in texts]

failures = []


def expect(condition, message):
    if not condition:
        failures.append(message)


def run(argv):
    started = time.monotonic()
    result = subprocess.run(argv, capture_output=True, text=True, timeout=55)
    took = time.monotonic() - started
    print(f"$ {' '.join(argv)}\n(exit {result.returncode} after {took:.1f} s)\n"
          f"{result.stdout}{result.stderr}")
    return result


def wrapper(directory, name, command):
    """An executable shell script `name` in `directory` that runs `command`."""
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(f"#!/bin/sh\n{command}\n")
    os.chmod(path, 0o755)
    return path


def expect_section(stdout, section, state):
    expect(re.search(rf"^Section {section} - .*: {re.escape(state)}$", stdout, re.M),
           f"Section {section} is not reported as '{state}'")


def expect_steps(stdout, mark, texts):
    for text in texts:
        expect(f"[{mark}] {text}" in stdout, f"not reported [{mark}]: {text}")


def solution_dir(tmp, bin_dir, replace):
    """A directory of links to the solutions and tools of `bin_dir`, with the services in
    `replace` ({service: path}) swapped in."""
    for name in ("frontend", "gateway", "geolocator-service", "iss-distance-service",
                 "telemetry-viewer", "fake-iss-api"):
        os.symlink(replace.get(name, os.path.join(bin_dir, name)), os.path.join(tmp, name))
    return tmp


def mistake(checker, bin_dir, kind, fixture):
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = os.path.join(tmp, "fixtures")
        os.mkdir(fixtures)
        links = os.path.join(tmp, "bin")
        os.mkdir(links)
        if kind == "no-propagation":
            replace = {"gateway": wrapper(fixtures, "gateway", "OTEL_PROPAGATORS=none exec '"
                                          + os.path.join(bin_dir, "gateway") + "'")}
        elif kind == "no-geolocator-spans":
            replace = {"geolocator-service": fixture or wrapper(
                fixtures, "geolocator-service", "OTEL_TRACES_EXPORTER=none exec '"
                + os.path.join(bin_dir, "geolocator-service") + "'")}
        elif kind == "no-error-status":
            replace = {"gateway": fixture}
        else:
            sys.exit(f"unknown mistake {kind}")
        result = run([checker, "4", "--solution", "--bin-dir", solution_dir(links, bin_dir,
                                                                            replace)])
    expect(result.returncode == 1, f"exit status {result.returncode}, expected 1")
    expect("all done" not in result.stdout, 'says "all done"')
    expect("not done yet: Section 4." in result.stdout, "no summary line")
    expect("does not answer as before" not in result.stdout and
           "do not answer as before" not in result.stdout, "the answers were found different")
    out = result.stdout
    if kind == "no-propagation":
        expect_steps(out, "x", SECTION4_STEPS["resources"] + SECTION4_STEPS["servers"]
                     + SECTION4_STEPS["clients"])
        expect_steps(out, " ", SECTION4_STEPS["trace"])
        expect("the backends' SERVER spans start traces of their own" in out,
               "the hint does not say the backends start traces of their own")
    elif kind == "no-geolocator-spans":
        expect_steps(out, "x", SECTION4_STEPS["resources"][0:1] + SECTION4_STEPS["resources"][2:]
                     + SECTION4_STEPS["servers"][0:1] + SECTION4_STEPS["servers"][2:]
                     + SECTION4_STEPS["clients"] + SECTION4_STEPS["children"][1:])
        expect_steps(out, " ", SECTION4_STEPS["resources"][1:2] + SECTION4_STEPS["servers"][1:2]
                     + SECTION4_STEPS["trace"][0:1] + SECTION4_STEPS["children"][0:1])
        expect("no spans of geolocator-service arrived" in out and
               "telemetry::instrument_server(service) in workshop/geolocator-service/main.cpp"
               in out, "the hint does not name the geolocator's main.cpp and its server "
                       "instrumentation")
    elif kind == "no-error-status":
        expect_steps(out, "x", SECTION4_STEPS["resources"] + SECTION4_STEPS["servers"]
                     + SECTION4_STEPS["clients"] + SECTION4_STEPS["trace"]
                     + SECTION4_STEPS["children"])
        expect_steps(out, " ", SECTION4_STEPS["error"])
        expect_section(out, "4", "1 of 12 steps missing")
        expect("otel::trace::current_span()" in out and '"error.text"' in out,
               "the hint does not say what to set on which span")


def main():
    checker, mode, target = sys.argv[1:4]
    if mode == "solution":
        sections = sys.argv[4:]
        result = run([checker, *sections, "--solution", "--bin-dir", target])
        expect(result.returncode == 0, f"exit status {result.returncode}, expected 0")
        expect(result.stdout.rstrip().endswith("all done"), 'the last line is not "all done"')
        expect("[ ]" not in result.stdout, "a step is reported missing")
        for section in sections:
            for line in SOLUTION_DONE[section]:
                expect(line in result.stdout, f"missing from the report: {line}")
            expect_section(result.stdout, section, "done")
        for other in set("01234") - set(sections):
            expect(f"Section {other} -" not in result.stdout, f"reports Section {other} too")
    elif mode in ("exercise", "exercise-system"):
        if mode == "exercise":
            section = sys.argv[4]
            result = run([checker, section, "--binary", target])
        else:
            section = "4"
            result = run([checker, "4", "--bin-dir", target])
        expect(result.returncode == 1, f"exit status {result.returncode}, expected 1")
        expect("all done" not in result.stdout, 'says "all done"')
        expect_section(result.stdout, section, "1 of 1 steps missing")
        for other in set("01234") - {section}:
            expect(f"Section {other} -" not in result.stdout, f"reports Section {other} too")
        for text in EXERCISE_MISSING[section]:
            expect(text in result.stdout, f"missing from the report: {text}")
        expect(f"not done yet: Section {section}." in result.stdout, "no summary line")
        expect("answer as before" not in result.stdout,
               "the exercise's answers were found different")
    elif mode == "partial":
        # An attendee half-way: the solution with its log and span exporters off (a wrapper
        # sets them; the checker itself starts services with a clean environment).
        with tempfile.TemporaryDirectory() as tmp:
            half_way = wrapper(tmp, "half-way-service", "OTEL_LOGS_EXPORTER=none "
                               f"OTEL_TRACES_EXPORTER=none exec '{target}'")
            result = run([checker, "0", "1", "2", "3", "--binary", half_way,
                          "--bin-dir", os.path.dirname(target)])
        expect(result.returncode == 1, f"exit status {result.returncode}, expected 1")
        for section in "01":
            expect_section(result.stdout, section, "done")
        for section in "23":
            expect_section(result.stdout, section, "1 of 1 steps missing")
        for text in SOLUTION_DONE["0"] + SOLUTION_DONE["1"] + EXERCISE_MISSING["2"] \
                + EXERCISE_MISSING["3"]:
            expect(text in result.stdout, f"missing from the report: {text}")
        expect("not done yet: Sections 2, 3." in result.stdout, "no summary line")
    elif mode == "printed-resource":
        how = sys.argv[4]
        with tempfile.TemporaryDirectory() as tmp:
            if how == "print":
                line = ("[info] resource: deployment.environment.name=dev, host.name=checker, "
                        "process.pid=4242, service.name=iss-distance-service, "
                        "service.version=0.9.0, telemetry.sdk.language=cpp")
                service = wrapper(tmp, "section0-done", f"echo '{line}'\nexec '{target}'")
            else:
                service = wrapper(tmp, "section0-console-only",
                                  "OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none "
                                  f"OTEL_LOGS_EXPORTER=none exec '{target}'")
            result = run([checker, "0", "--binary", service, "--bin-dir",
                          os.path.dirname(target)])
        expect(result.returncode == 0, f"exit status {result.returncode}, expected 0")
        expect(result.stdout.rstrip().endswith("all done"), 'the last line is not "all done"')
        expect_section(result.stdout, "0", "done")
        expect("[x] the resource is printed at start; no telemetry arrived yet" in result.stdout,
               "not reported as found in the console output alone")
        for line in SOLUTION_DONE["0"]:
            expect(line in result.stdout, f"missing from the report: {line}")
    elif mode == "not-built":
        result = run([checker, "--binary", target])
        expect(result.returncode == 2, f"exit status {result.returncode}, expected 2")
        expect(f"not built: {target}" in result.stderr, "the error does not name the binary")
        expect("cmake --build" in result.stderr, "the error does not say how to build")
    elif mode == "not-built-system":
        result = run([checker, "4", "--bin-dir", target])
        expect(result.returncode == 2, f"exit status {result.returncode}, expected 2")
        for name in ("workshop-frontend", "workshop-gateway", "workshop-geolocator-service",
                     "workshop-iss-distance-service", "telemetry-viewer", "fake-iss-api"):
            expect(os.path.join(target, name) in result.stderr, f"the error does not name {name}")
        expect("--target workshop-frontend workshop-gateway workshop-geolocator-service "
               "workshop-iss-distance-service telemetry-viewer fake-iss-api" in result.stderr,
               "the error does not give the build command for all of them")
    elif mode == "mistake":
        mistake(checker, target, sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else None)
    else:
        sys.exit(f"unknown mode {mode}")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
