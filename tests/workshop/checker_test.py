#!/usr/bin/python3
"""scripts/check-workshop against a real binary.

    checker_test.py CHECKER solution BINARY            # every section done, "all done", exit 0
    checker_test.py CHECKER exercise BINARY SECTION    # that section missing, named, exit 1
    checker_test.py CHECKER not-built MISSING_PATH     # a clear error, exit 2
    checker_test.py CHECKER partial BINARY             # the solution without logs and spans:
                                                       # Sections 0, 1 done, 2 and 3 missing
"""
import os
import re
import subprocess
import sys
import tempfile
import time

# What the untouched exercise is missing, per section, in the checker's words.
EXERCISE_MISSING = {
    "0": ["[ ] telemetry arrives, carrying the resource",
          "nothing arrived yet, so the resource cannot be checked", "README, Section 0"],
    "1": ["[ ] metrics arrive", "no metrics arrived", "telemetry::setup_metrics(resource)",
          "README, Section 1"],
    "2": ["[ ] log records arrive", "no log records arrived",
          "telemetry::setup_logging(resource)", "README, Section 2"],
    "3": ["[ ] spans arrive", "no spans arrived", "telemetry::setup_tracing(resource)",
          "README, Section 3"],
}
# Every step the checker shows for the solution, done.
SOLUTION_DONE = [
    '[x] service.name is "iss-distance-service"',
    '[x] deployment.environment.name is "dev"',
    "[x] service.version is",
    "[x] counter incoming.requests",
    "[x] incoming.requests counts every request to / (4 sent, counted 4)",
    "[x] counter iss.requests",
    "[x] iss.requests counts the ISS API's answers by response.status (200: 2, 503: 1)",
    "[x] metrics are exported every second",
    '[x] INFO "started application..."',
    '[x] INFO "received request from IP address:..."',
    '[x] WARN "missing latitude or longitude..."',
    '[x] ERROR "ISS position API answered..."',
    "[x] span calculating-iss-distance",
    "[x] span getting-iss-coordinates, a child of calculating-iss-distance",
    "[x] getting-iss-coordinates has the ISS call's attributes",
    "[x] a failed ISS call sets status ERROR on getting-iss-coordinates and",
    "[x] log records written inside a span carry its trace id",
]

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


def main():
    checker, mode, binary = sys.argv[1:4]
    if mode == "solution":
        result = run([checker, "--binary", binary])
        expect(result.returncode == 0, f"exit status {result.returncode}, expected 0")
        expect(result.stdout.rstrip().endswith("all done"), 'the last line is not "all done"')
        expect("[ ]" not in result.stdout, "a step is reported missing")
        for line in SOLUTION_DONE:
            expect(line in result.stdout, f"missing from the report: {line}")
        for section in "0123":
            expect(re.search(rf"^Section {section} - .*: done$", result.stdout, re.M),
                   f"Section {section} is not reported done")
    elif mode == "exercise":
        section = sys.argv[4]
        result = run([checker, section, "--binary", binary])
        expect(result.returncode == 1, f"exit status {result.returncode}, expected 1")
        expect("all done" not in result.stdout, 'says "all done"')
        expect(re.search(rf"^Section {section} - .*: 1 of 1 steps missing$", result.stdout, re.M),
               f"Section {section} is not reported missing")
        for other in set("0123") - {section}:
            expect(f"Section {other} -" not in result.stdout, f"reports Section {other} too")
        for text in EXERCISE_MISSING[section]:
            expect(text in result.stdout, f"missing from the report: {text}")
        expect(f"not done yet: Section {section}." in result.stdout, "no summary line")
        expect("does not answer as before" not in result.stdout,
               "the exercise's answers were found different")
    elif mode == "partial":
        # An attendee half-way: the solution with its log and span exporters off (a wrapper
        # sets them; the checker itself starts services with a clean environment).
        with tempfile.TemporaryDirectory() as tmp:
            wrapper = os.path.join(tmp, "half-way-service")
            with open(wrapper, "w") as f:
                f.write(f"#!/bin/sh\nOTEL_LOGS_EXPORTER=none OTEL_TRACES_EXPORTER=none "
                        f"exec '{binary}'\n")
            os.chmod(wrapper, 0o755)
            result = run([checker, "--binary", wrapper, "--bin-dir", os.path.dirname(binary)])
        expect(result.returncode == 1, f"exit status {result.returncode}, expected 1")
        for section in "01":
            expect(re.search(rf"^Section {section} - .*: done$", result.stdout, re.M),
                   f"Section {section} is not reported done")
        for section in "23":
            expect(re.search(rf"^Section {section} - .*: 1 of 1 steps missing$", result.stdout,
                             re.M), f"Section {section} is not reported missing")
        for text in SOLUTION_DONE[:8] + EXERCISE_MISSING["2"] + EXERCISE_MISSING["3"]:
            expect(text in result.stdout, f"missing from the report: {text}")
        expect("not done yet: Sections 2, 3." in result.stdout, "no summary line")
    elif mode == "not-built":
        result = run([checker, "--binary", binary])
        expect(result.returncode == 2, f"exit status {result.returncode}, expected 2")
        expect(f"not built: {binary}" in result.stderr, "the error does not name the binary")
        expect("cmake --build" in result.stderr, "the error does not say how to build")
    else:
        sys.exit(f"unknown mode {mode}")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
