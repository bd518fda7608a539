#!/usr/bin/python3
"""Browser test: headless Debian chromium against a viewer loaded with telemetry
shaped like the four workshop services. Chromium's own --dump-dom gives the page
after its scripts ran; --screenshot keeps pictures as test artefacts.

usage: browser_test.py <telemetry-viewer> <viewer-demo-sender> <artefact-dir>
"""
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

VIEWER, SENDER, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars", "--window-size=1440,900", "--virtual-time-budget=5000"]
SERVICES = ["frontend", "gateway", "geolocator-service", "iss-distance-service"]
failures = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def chromium(profile, *args):
    cmd = ["chromium", f"--user-data-dir={profile}", *CHROMIUM_FLAGS, *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=50).stdout


def main():
    os.makedirs(OUT, exist_ok=True)
    ui, grpc, http = free_port(), free_port(), free_port()
    env = dict(os.environ, PORT=str(ui), OTLP_GRPC_PORT=str(grpc), OTLP_HTTP_PORT=str(http))
    viewer = subprocess.Popen([VIEWER], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp(prefix="viewer-chromium-")
    try:
        assert wait_for_port(ui) and wait_for_port(grpc), "viewer did not start"
        subprocess.run([SENDER, f"127.0.0.1:{grpc}", "4", "6"], check=True, timeout=30)
        base = f"http://127.0.0.1:{ui}"
        # A span whose name and a log whose body are markup: they must show as text.
        hostile = "<img src=x onerror=alert(1)>"
        trace_id = "0af7651916cd43dd8448eb211c80319c"
        body = {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "frontend"}}]},
                "scopeSpans": [{"spans": [{"traceId": trace_id, "spanId": "b7ad6b7169203331", "name": hostile,
                                           "startTimeUnixNano": "1", "endTimeUnixNano": "2"}]}]}]}
        req = urllib.request.Request(f"http://127.0.0.1:{http}/v1/traces", json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
        check(urllib.request.urlopen(req).status == 200, "OTLP/HTTP JSON accepted")

        traces = json.load(urllib.request.urlopen(f"{base}/api/traces?error=true&limit=1"))["traces"]
        error_trace = traces[0]["traceId"]

        # 1. Open a trace: all four services in the waterfall.
        dom = chromium(profile, "--dump-dom", f"{base}/trace/{error_trace}")
        rows = re.findall(r'class="span-row[^"]*" data-span-id="([0-9a-f]{16})"', dom)
        shown = set(re.findall(r'<span class="span-service">([^<]+)</span>', dom))
        check(len(rows) == 10, f"waterfall has 10 span rows (found {len(rows)})")
        check(shown == set(SERVICES), f"waterfall shows the four services (found {sorted(shown)})")
        check("Logs of this trace (2)" in dom, "the trace's logs are shown beside it")
        chromium(profile, f"--screenshot={OUT}/trace.png", f"{base}/trace/{error_trace}")

        # 2. Follow a log to its trace.
        dom = chromium(profile, "--dump-dom", f"{base}/logs?severity=ERROR")
        links = re.findall(r'href="(/trace/([0-9a-f]{32})\?span=([0-9a-f]{16}))"', dom)
        check(len(links) == 3, f"three error logs, each linked to its trace (found {len(links)})")
        if links:
            href, linked_trace, linked_span = links[0]
            dom = chromium(profile, "--dump-dom", base + href.replace("&amp;", "&"))
            selected = re.findall(r'class="span-row[^"]*selected[^"]*" data-span-id="([0-9a-f]{16})"', dom)
            check(selected == [linked_span], "the log's span is selected in its trace's waterfall")
            check("getting-iss-coordinates" in dom and "ISS endpoint answered 503" in dom,
                  "the linked trace page shows the failing span and the log")

        # 3. Metric charts.
        dom = chromium(profile, "--dump-dom", f"{base}/charts?metric=iss.requests")
        check(dom.count("<polyline") == 2, f"counter chart: one rate line per status (found {dom.count('<polyline')})")
        dom = chromium(profile, "--dump-dom", f"{base}/charts?metric=http.server.request.duration")
        check(dom.count('class="chart-card"') == 2 and dom.count("<polyline") == 6,
              "histogram: a chart per service with p50/p90/p99 lines")
        chromium(profile, f"--screenshot={OUT}/metrics-histogram.png", f"{base}/charts?metric=http.server.request.duration")

        # 4. Service map and the trace list.
        dom = chromium(profile, "--dump-dom", f"{base}/map")
        check(len(re.findall(r'class="edge(?: has-errors)?"', dom)) == 3, "service map: three cross-service edges")
        chromium(profile, f"--screenshot={OUT}/service-map.png", f"{base}/map")

        # 5. Markup in data stays text.
        dom = chromium(profile, "--dump-dom", f"{base}/trace/{trace_id}")
        check("&lt;img src=x onerror=alert(1)&gt;" in dom and "<img src=\"x\"" not in dom,
              "a span name with markup is rendered as text")
    finally:
        viewer.terminate()
        code = viewer.wait(timeout=10)
        check(code == 0, f"viewer exits 0 on SIGTERM (got {code})")
        subprocess.run(["rm", "-rf", profile])
    print(f"screenshots in {OUT}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
