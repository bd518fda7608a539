#!/usr/bin/python3
"""Section 5, "Find the fault", end to end (issue #18):

    section5_test.py CHECKER BIN_DIR

For each of the three faults (WORKSHOP_FAULT = 3, 4, 5: slow places, ISS API errors,
gateway retries) the four solution services run wired together with a telemetry-viewer on
free loopback ports (the checker's own SystemStack), build/bin/load-generator sends a
bounded load through the frontend, and the fault is found from the viewer's telemetry the
way the guide tells the attendee (a slow span, an ERROR span, repeated CLIENT spans); then
`scripts/check-workshop 5 --answer` accepts that answer and rejects a wrong one. Also: the
load generator's bounds and summary, its bad arguments, and the checker's answers without a
fault. Every process is stopped on the way out.
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

CHECKER, BIN_DIR = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
ROOT = os.path.dirname(os.path.dirname(CHECKER))
sys.path.insert(0, os.path.join(ROOT, "workshop", "checker"))
import section5_fault  # noqa: E402
import workshop_run  # noqa: E402

LOAD = os.path.join(BIN_DIR, "load-generator")
failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)
        print("FAILED: " + what)


def check(answer, code):
    env = dict(os.environ, WORKSHOP_FAULT=str(code))
    run = subprocess.run([CHECKER, "5", "--answer", answer], env=env, capture_output=True,
                         text=True, timeout=30)
    return run.returncode, run.stdout + run.stderr


def load(*args, timeout=60):
    run = subprocess.run([LOAD, *args], capture_output=True, text=True, timeout=timeout)
    return run.returncode, run.stdout + run.stderr


class FaultyStack(workshop_run.SystemStack):
    """The four services with WORKSHOP_FAULT set, as scripts/fault runs them."""

    def __init__(self, code, *args):
        super().__init__(*args)
        self.code = code

    def start_platform(self):
        super().start_platform()
        self.base_env["WORKSHOP_FAULT"] = str(self.code)


def diagnose(snapshot, log):
    """The answer (SERVICE/SPAN) the telemetry points to, as the guide's steps find it."""
    slow, failing, retries = 0, 0, 0
    for trace in snapshot["traces"]:
        gateway_calls = 0
        for span in trace["spans"]:
            ms = (int(span["endTimeUnixNano"]) - int(span["startTimeUnixNano"])) / 1e6
            if span["service"] == "geolocator-service" and \
                    span["name"] == "getting-coordinates-for-location" and ms > 250:
                slow += 1
            if span["service"] == "iss-distance-service" and \
                    span["name"] == "getting-iss-coordinates" and \
                    section5_fault_is_error(span):
                failing += 1
            if span["service"] == "gateway" and span["name"] == "GET" and \
                    ":" + str(snapshot["ports"]["iss-distance-service"]) in \
                    str(span["attributes"].get("url.full", "")):
                gateway_calls += 1
        retries += gateway_calls > 1
    found = {"geolocator-service/getting-coordinates-for-location": slow,
             "iss-distance-service/getting-iss-coordinates": failing, "gateway/GET": retries}
    log.append(f"  traces: {len(snapshot['traces'])}, symptoms: {found}")
    return max(found, key=found.get) if any(found.values()) else None


def section5_fault_is_error(span):
    code = span.get("status", {}).get("code")
    return code == 2 or "ERROR" in str(code).upper()


def run_fault(code, binaries):
    """Returns what it saw, to print after the parallel runs."""
    log = [f"WORKSHOP_FAULT={code}:"]
    expected = section5_fault.fault_for(code)["service"]
    with FaultyStack(code, binaries, os.path.join(BIN_DIR, "telemetry-viewer"),
                     os.path.join(BIN_DIR, "fake-iss-api")) as stack:
        stack.start()
        status, output = load("--url", f"http://127.0.0.1:{stack.ports['frontend']}",
                              "--rate", "40", "--duration", "2", "--concurrency", "8",
                              "--quiet", "--seed", "7")
        log.append("  " + output.strip().replace("\n", "\n  "))
        expect(status == 0, f"fault {code}: load-generator exit {status}")
        summary = re.search(r"(\d+) requests in .* (\d+) ok, (\d+) errors", output)
        expect(summary and int(summary.group(1)) == 80, f"fault {code}: 80 requests sent")
        if code % 3 == 1 and summary:  # 3 in 10 ISS look-ups fail: 502 through the frontend
            expect(20 <= int(summary.group(3)) <= 28, f"fault {code}: about 30% errors")
        elif summary:
            expect(int(summary.group(3)) == 0, f"fault {code}: no errors")
        answer = None
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:  # the batches arrive within ~0.2 s
            answer = diagnose(stack.snapshot(), log)
            if answer and answer.startswith(expected):
                break
            time.sleep(0.5)
    expect(answer is not None and answer.startswith(expected + "/"),
           f"fault {code}: the telemetry points to {answer}, not {expected}")
    if answer:
        status, output = check(answer, code)
        expect(status == 0 and "all done" in output, f"fault {code}: {answer} accepted: {output}")
    wrong = "iss-distance-service" if expected != "iss-distance-service" else "geolocator-service"
    status, output = check(wrong, code)
    expect(status == 1 and "Not " + wrong in output, f"fault {code}: {wrong} rejected: {output}")
    status, output = check(expected + "/no-such-span", code)
    expect(status == 1 and "Right service" in output, f"fault {code}: wrong span rejected")
    return "\n".join(log)


def test_load_generator_alone():
    status, output = load("--rate", "0")
    expect(status == 2 and "--rate must be a number of requests per second" in output,
           "load-generator: bad --rate is exit 2 with one line")
    status, output = load("--url", "http://127.0.0.1:9", "--rate", "50", "--total", "5",
                          "--quiet")
    expect(status == 1 and "5 requests" in output and "no request succeeded" in output,
           f"load-generator: nothing listening is exit 1: {output}")
    # Bounds: --total caps, --duration ends a run of 2 requests per second.
    started = time.monotonic()
    status, output = load("--url", "http://127.0.0.1:9", "--rate", "2", "--duration", "1.5",
                          "--quiet")
    took = time.monotonic() - started
    expect("3 requests" in output and took < 4, f"load-generator: --duration bounds: {output}")


def test_checker_without_fault():
    with tempfile.TemporaryDirectory() as root:
        try:
            section5_fault.fault_code(environ={}, root=root)
            expect(False, "no fault: NoFault")
        except section5_fault.NoFault as error:
            expect("scripts/fault" in str(error), "no fault: says how to start one")
        os.makedirs(os.path.join(root, "build", "fault"))
        with open(os.path.join(root, section5_fault.STATE_FILE), "w") as state:
            state.write("1234\n")
        expect(section5_fault.fault_code(environ={}, root=root) == 1234,
               "the state file scripts/fault writes")
        expect(section5_fault.fault_code(environ={"WORKSHOP_FAULT": "8"}, root=root) == 8,
               "the environment wins over the state file")
    status, output = check("nobody", 4)
    expect(status == 1 and "not one of the services" in output, "an unknown service")
    run = subprocess.run([CHECKER, "5"], capture_output=True, text=True, timeout=30)
    expect(run.returncode == 2 and "needs your answer" in run.stderr, "no --answer: exit 2")
    run = subprocess.run([CHECKER, "4", "5", "--answer", "gateway"], capture_output=True,
                         text=True, timeout=30)
    expect(run.returncode == 2, "Section 5 with another section: exit 2")


def main():
    binaries = {service: os.path.join(BIN_DIR, service) for service in workshop_run.SERVICES}
    workshop_run.stop_on_sigterm()
    test_load_generator_alone()
    test_checker_without_fault()
    # The three stacks side by side: most of a run is waiting (start, load, export).
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        for log in pool.map(lambda code: run_fault(code, binaries), (3, 4, 5)):
            print(log)
    if failures:
        print(f"{len(failures)} failed")
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
