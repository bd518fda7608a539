#!/usr/bin/python3
"""Takes a REAL Prometheus scrape of the running system and checks the Grafana
dashboards' metric names against it.

Starts, on free loopback ports, the telemetry-viewer and the four services
(exporting OTLP/gRPC to the viewer every second, as docker-compose-services.yml
does to the collector), a local fake of the ISS position API (so that
iss.requests is counted without the internet), drives a few requests through
the frontend (a good place, an unknown place) and the gateway (no location),
waits for the metrics to be exported, saves the viewer's /metrics, then runs
check_metric_names.py on it.

  scrape_running_system.py --bin-dir build/bin [--out scrape.txt]

Exit status: check_metric_names.py's (0 all names found, 1 one missing), or 2
when the system could not be started or scraped.
"""

import argparse
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICES = ["geolocator-service", "iss-distance-service", "gateway", "frontend"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fake_iss_api():
    """A loopback server answering like api.open-notify.org/iss-now.json."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server API)
            body = json.dumps({"message": "success", "timestamp": int(time.time()),
                               "iss_position": {"latitude": "12.3456",
                                                "longitude": "-45.6789"}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode("utf-8", "replace")


def wait_healthy(url, process, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if http_get(url, timeout=1)[0] == 200:
                return True
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    return False


def request(method, url, data=None):
    encoded = urllib.parse.urlencode(data).encode() if data else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=encoded,
                                                           method=method), timeout=15) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin-dir", required=True)
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)

    processes, logs = {}, tempfile.mkdtemp(prefix="platform-scrape-")
    iss = fake_iss_api()
    ports = {name: free_port() for name in ["viewer", "grpc", "otlp-http", *SERVICES]}
    base_env = dict(os.environ, HOST="127.0.0.1",
                    OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{ports['grpc']}",
                    OTEL_EXPORTER_OTLP_PROTOCOL="grpc", OTEL_METRIC_EXPORT_INTERVAL="1000")
    service_env = {
        "geolocator-service": {"GEOCODER": "gazetteer"},
        "iss-distance-service": {
            "ISS_SOURCE": "live",
            "ISS_NOW_URL": f"http://127.0.0.1:{iss.server_address[1]}/iss-now.json"},
        "gateway": {
            "GEOLOCATOR_SERVICE_URL": f"http://127.0.0.1:{ports['geolocator-service']}",
            "ISS_DISTANCE_SERVICE_URL": f"http://127.0.0.1:{ports['iss-distance-service']}"},
        "frontend": {"GATEWAY_URL": f"http://127.0.0.1:{ports['gateway']}"},
    }

    def start(name, binary, env):
        log = open(os.path.join(logs, f"{name}.log"), "w", encoding="utf-8")
        processes[name] = (subprocess.Popen([binary], env=env, stdout=log,
                                            stderr=subprocess.STDOUT), log)

    try:
        start("telemetry-viewer", os.path.join(args.bin_dir, "telemetry-viewer"),
              dict(base_env, PORT=str(ports["viewer"]), OTLP_GRPC_PORT=str(ports["grpc"]),
                   OTLP_HTTP_PORT=str(ports["otlp-http"])))
        viewer = f"http://127.0.0.1:{ports['viewer']}"
        if not wait_healthy(f"{viewer}/api/services", processes["telemetry-viewer"][0]):
            raise RuntimeError("telemetry-viewer did not start")
        for name in SERVICES:
            start(name, os.path.join(args.bin_dir, name),
                  dict(base_env, PORT=str(ports[name]), OTEL_SERVICE_NAME=name,
                       **service_env[name]))
            if not wait_healthy(f"http://127.0.0.1:{ports[name]}/healthz",
                                processes[name][0]):
                raise RuntimeError(f"{name} did not become healthy")

        frontend = f"http://127.0.0.1:{ports['frontend']}/"
        statuses = [request("POST", frontend, {"location": place})
                    for place in ("London", "Paris", "Qwxzyv-nowhere")]
        statuses.append(request("GET", f"http://127.0.0.1:{ports['gateway']}/"))
        print(f"scrape_running_system: request statuses {statuses}")
        time.sleep(3)  # two metric export intervals, and the batch processors
        status, scrape = http_get(f"{viewer}/metrics")
        if status != 200:
            raise RuntimeError(f"viewer /metrics answered {status}")
    except (RuntimeError, OSError, urllib.error.URLError) as error:
        print(f"scrape_running_system: {error} (logs in {logs})", file=sys.stderr)
        return 2
    finally:
        for process, log in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process, log in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
        iss.shutdown()

    out = args.out or os.path.join(logs, "scrape.txt")
    with open(out, "w", encoding="utf-8") as f:
        f.write(scrape)
    print(f"scrape_running_system: {len(scrape.splitlines())} lines saved to {out}")
    return subprocess.run([sys.executable, os.path.join(HERE, "check_metric_names.py"),
                           "--scrape", out], check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
