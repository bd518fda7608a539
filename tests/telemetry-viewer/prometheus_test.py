#!/usr/bin/python3
"""The real Prometheus (Debian package) scrapes the viewer's /metrics and finds
iss_requests_total through its HTTP API, as it does through the Collector in the workshop.

usage: prometheus_test.py <telemetry-viewer> <viewer-demo-sender> <work-dir>
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

VIEWER, SENDER, WORK = sys.argv[1], sys.argv[2], sys.argv[3]


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


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    ui, grpc, http, prom = free_port(), free_port(), free_port(), free_port()
    env = dict(os.environ, PORT=str(ui), OTLP_GRPC_PORT=str(grpc), OTLP_HTTP_PORT=str(http))
    viewer = subprocess.Popen([VIEWER], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    prometheus = None
    try:
        assert wait_for_port(ui) and wait_for_port(grpc), "viewer did not start"
        subprocess.run([SENDER, f"127.0.0.1:{grpc}", "3", "3"], check=True, timeout=30)
        config = os.path.join(WORK, "prometheus.yml")
        with open(config, "w") as f:
            # honor_labels keeps the job/instance the viewer derives from each resource.
            f.write("global:\n  scrape_interval: 1s\nscrape_configs:\n"
                    "  - job_name: telemetry-viewer\n    honor_labels: true\n"
                    f"    static_configs:\n      - targets: ['127.0.0.1:{ui}']\n")
        prometheus = subprocess.Popen(
            ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={WORK}/data",
             f"--web.listen-address=127.0.0.1:{prom}"],
            stdout=open(os.path.join(WORK, "prometheus.log"), "w"), stderr=subprocess.STDOUT)
        assert wait_for_port(prom, 30), "prometheus did not start"
        query = urllib.parse.quote('iss_requests_total{response_status="503"}')
        deadline = time.time() + 40
        result = []
        while time.time() < deadline and not result:
            time.sleep(1)
            try:
                body = json.load(urllib.request.urlopen(f"http://127.0.0.1:{prom}/api/v1/query?query={query}"))
                result = body["data"]["result"]
            except OSError:
                pass
        assert result, "Prometheus never saw iss_requests_total"
        labels, value = result[0]["metric"], float(result[0]["value"][1])
        print("found", labels, value)
        assert labels.get("job") == "iss-distance-service", labels
        assert value == 1.0, value  # 9 requests, every 7th failing
        print("ok   Prometheus scraped iss_requests_total from the viewer")
        return 0
    finally:
        for process in (prometheus, viewer):
            if process:
                process.terminate()
                process.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
