#!/usr/bin/python3
"""The real Prometheus (Debian package) scrapes the viewer's /metrics and finds
iss_requests_total through its HTTP API, as it does through the Collector in the workshop.

The counter comes from a real run: the built iss-distance-service (ISS_SOURCE=live
against the local fake-iss-api, so it makes HTTP calls to count) exports OTLP/gRPC to
the viewer; 29 requests succeed and one meets an ISS API answering 503.

Exemplars (#18): Prometheus runs with exemplar storage and scrapes OpenMetrics; the
exemplars of http_server_request_duration_seconds it returns from query_exemplars carry
trace ids that the viewer's /api/traces/{id} knows.

usage: prometheus_test.py <bin-dir> <work-dir>
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

BIN, WORK = sys.argv[1], sys.argv[2]
OK_REQUESTS = 29


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def http(url, method="GET"):
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# Settings the services must not inherit from whoever runs the test.
INHERITED = re.compile(r"^(OTEL_|ISS_|GEOCODER|NOMINATIM_|TRACE_UI_URL|UPSTREAM_TIMEOUT)")


def start(processes, name, env, args=()):
    clean = {k: v for k, v in os.environ.items() if not INHERITED.match(k)}
    log = open(os.path.join(WORK, f"{name}.log"), "w")
    processes.append(subprocess.Popen([os.path.join(BIN, name), *args], env={**clean, **env},
                                      stdout=log, stderr=subprocess.STDOUT))


def http_accept(url, accept):
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("Content-Type", ""), response.read().decode()


def query(prom, expr):
    status, body = http(f"http://127.0.0.1:{prom}/api/v1/query?query={urllib.parse.quote(expr)}")
    return json.loads(body)["data"]["result"] if status == 200 else []


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    ui, grpc, http_port, prom, fake, iss = (free_port() for _ in range(6))
    processes = []
    try:
        start(processes, "telemetry-viewer", {"HOST": "127.0.0.1", "PORT": str(ui),
                                              "OTLP_GRPC_PORT": str(grpc), "OTLP_HTTP_PORT": str(http_port)})
        start(processes, "fake-iss-api", {"HOST": "127.0.0.1", "PORT": str(fake)})
        assert wait_for_port(ui) and wait_for_port(grpc) and wait_for_port(fake), "viewer or fake ISS API did not start"
        start(processes, "iss-distance-service", {
            "HOST": "127.0.0.1", "PORT": str(iss), "ISS_SOURCE": "live",
            "ISS_NOW_URL": f"http://127.0.0.1:{fake}/iss-now.json",
            "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{grpc}", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
            "OTEL_METRIC_EXPORT_INTERVAL": "500"})
        assert wait_for_port(iss), "iss-distance-service did not start"

        distance = f"http://127.0.0.1:{iss}/?latitude=48.8566&longitude=2.3522"
        for _ in range(OK_REQUESTS):
            status, body = http(distance)
            assert status == 200, (status, body)
        assert http(f"http://127.0.0.1:{fake}/fail-next?status=503", "POST")[0] == 200
        status, body = http(distance)
        assert status == 502 or status == 503, (status, body)  # the failing ISS API is reported

        config = os.path.join(WORK, "prometheus.yml")
        with open(config, "w") as f:
            # honor_labels keeps the job/instance the viewer derives from each resource.
            f.write("global:\n  scrape_interval: 1s\nscrape_configs:\n"
                    "  - job_name: telemetry-viewer\n    honor_labels: true\n"
                    f"    static_configs:\n      - targets: ['127.0.0.1:{ui}']\n")
        prometheus_log = open(os.path.join(WORK, "prometheus.log"), "w")
        processes.append(subprocess.Popen(
            ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={WORK}/data",
             f"--web.listen-address=127.0.0.1:{prom}", "--enable-feature=exemplar-storage"], stdout=prometheus_log, stderr=subprocess.STDOUT))
        assert wait_for_port(prom, 30), "prometheus did not start"

        # Poll until Prometheus has scraped the counter with both statuses at their final values.
        deadline = time.time() + 40
        by_status = {}
        while time.time() < deadline:
            time.sleep(1)
            try:
                result = query(prom, "iss_requests_total")
            except (OSError, ValueError, KeyError):
                continue
            by_status = {r["metric"].get("response_status"): (r["metric"], float(r["value"][1])) for r in result}
            if by_status.get("200", (0, 0))[1] == OK_REQUESTS and by_status.get("503", (0, 0))[1] == 1:
                break
        print("found", by_status)
        assert set(by_status) == {"200", "503"}, by_status
        assert by_status["200"][1] == OK_REQUESTS and by_status["503"][1] == 1.0, by_status
        assert all(labels.get("job") == "iss-distance-service" for labels, _ in by_status.values()), by_status
        print(f"ok   Prometheus found iss_requests_total{{response_status=200|503}} = {OK_REQUESTS}, 1 "
              "from a real iss-distance-service")
        incoming = query(prom, "incoming_requests_total")
        assert incoming and float(incoming[0]["value"][1]) == OK_REQUESTS + 1, incoming
        print(f"ok   and incoming_requests_total = {OK_REQUESTS + 1}")

        # The 0.0.4 text is unchanged; OpenMetrics carries the exemplars.
        content_type, text = http_accept(f"http://127.0.0.1:{ui}/metrics", "text/plain")
        assert content_type.startswith("text/plain") and " # {" not in text, content_type
        content_type, text = http_accept(
            f"http://127.0.0.1:{ui}/metrics", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
        assert content_type.startswith("application/openmetrics-text"), content_type
        assert text.endswith("# EOF\n") and re.search(
            r'^http_server_request_duration_seconds_bucket\{.*\} \d+ # \{trace_id="[0-9a-f]{32}",span_id="[0-9a-f]{16}"\}',
            text, re.M), text[-2000:]
        print("ok   the viewer's /metrics answers OpenMetrics with exemplars when asked, 0.0.4 otherwise")

        # Prometheus stored the exemplars; their traces are in the viewer.
        deadline = time.time() + 20
        trace_ids = set()
        while time.time() < deadline and not trace_ids:
            time.sleep(1)
            now = time.time()
            status, body = http(f"http://127.0.0.1:{prom}/api/v1/query_exemplars?query="
                                f"{urllib.parse.quote('http_server_request_duration_seconds_bucket')}"
                                f"&start={now - 600:.0f}&end={now + 60:.0f}")
            if status != 200:
                continue
            for series in json.loads(body)["data"]:
                for exemplar in series["exemplars"]:
                    if "trace_id" in exemplar["labels"]:
                        trace_ids.add(exemplar["labels"]["trace_id"])
        assert trace_ids, "Prometheus returned no exemplars with a trace_id"
        for trace_id in trace_ids:
            deadline = time.time() + 10
            status = 0
            while time.time() < deadline:
                status, body = http(f"http://127.0.0.1:{ui}/api/traces/{trace_id}")
                if status == 200:
                    break
                time.sleep(0.5)
            assert status == 200, (trace_id, status, body)
            spans = json.loads(body)["spans"]
            assert any(s["service"] == "iss-distance-service" for s in spans), spans
        print(f"ok   Prometheus' query_exemplars gave {len(trace_ids)} trace id(s), each a trace in the viewer")
        return 0
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


if __name__ == "__main__":
    sys.exit(main())
