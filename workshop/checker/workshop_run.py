"""The processes scripts/check-workshop runs, and the requests it sends.

Stack starts a telemetry-viewer (the OTLP receiver), the fake ISS API and the service
under test on free loopback ports, drives the service, reads the viewer's JSON API, and
stops everything it started when the `with` block ends (also on Ctrl-C or an error).
"""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

# Loopback only: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# The requests the checker sends, in order: (name, query, ISS API answer to force).
GOOD_PLACES = [("Paris", "latitude=48.8566&longitude=2.3522"),
               ("Sydney", "latitude=-33.8688&longitude=151.2093")]
FAILING_ISS_STATUS = 503


class StartError(Exception):
    pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method, url, timeout=5.0):
    """(status, body text); status 0 when there was no answer."""
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return 0, ""


def get_json(url):
    status, body = http("GET", url)
    if status != 200:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


class Process:
    def __init__(self, name, argv, env):
        self.name = name
        self.stopped = False
        self.output = tempfile.TemporaryFile()
        self.popen = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL,
                                      stdout=self.output, stderr=subprocess.STDOUT)

    def running(self):
        return self.popen.poll() is None

    def stop(self):
        """SIGTERM (the services flush their telemetry), SIGKILL after 5 s."""
        self.stopped = True
        if self.running():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def text(self):
        self.output.seek(0)
        return self.output.read().decode("utf-8", "replace")


class Stack:
    def __init__(self, binary, viewer_binary, fake_iss_binary):
        self.binary = binary
        self.viewer_binary = viewer_binary
        self.fake_iss_binary = fake_iss_binary
        self.processes = []
        self.service = None

    def __enter__(self):
        # Ctrl-C or a kill of the checker still stops the processes (via __exit__).
        signal.signal(signal.SIGTERM, _interrupt)
        return self

    def __exit__(self, *exc):
        for process in reversed(self.processes):
            process.stop()
        return False

    def _start(self, name, argv, env, port):
        process = Process(name, argv, env)
        self.processes.append(process)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if not process.running():
                raise StartError(f"{name} exited at start (status {process.popen.returncode}):\n"
                                 + process.text()[-3000:])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                sock.settimeout(0.5)
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return process
            time.sleep(0.1)
        raise StartError(f"{name} did not listen on 127.0.0.1:{port} within 15 s:\n"
                         + process.text()[-3000:])

    def start(self):
        # A clean environment: OTEL_* settings from the attendee's shell would change what
        # is checked (e.g. OTEL_SERVICE_NAME would fake Section 0).
        base = {key: value for key, value in os.environ.items()
                if key in ("PATH", "HOME", "LANG", "LC_ALL", "TZ")}
        self.api_port, grpc_port, http_port = free_port(), free_port(), free_port()
        self._start("telemetry-viewer", [self.viewer_binary],
                    dict(base, HOST="127.0.0.1", PORT=str(self.api_port),
                         OTLP_GRPC_PORT=str(grpc_port), OTLP_HTTP_PORT=str(http_port)),
                    self.api_port)
        self.iss_port = free_port()
        self._start("fake-iss-api", [self.fake_iss_binary],
                    dict(base, HOST="127.0.0.1", PORT=str(self.iss_port)), self.iss_port)
        self.iss_url = f"http://127.0.0.1:{self.iss_port}/iss-now.json"
        self.service_port = free_port()
        env = dict(base, HOST="127.0.0.1", PORT=str(self.service_port), ISS_SOURCE="live",
                   ISS_NOW_URL=self.iss_url, UPSTREAM_TIMEOUT_SECONDS="3",
                   OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{http_port}",
                   OTEL_EXPORTER_OTLP_PROTOCOL="http/protobuf",
                   # Quick span and log batches; the metric interval is the service's own.
                   OTEL_BSP_SCHEDULE_DELAY="200", OTEL_BLRP_SCHEDULE_DELAY="200")
        self.service = self._start(os.path.basename(self.binary), [self.binary], env,
                                   self.service_port)

    def drive(self):
        """Sends the checker's requests; returns [(what, query, status, body)]."""
        base = f"http://127.0.0.1:{self.service_port}/"
        answers = []
        for name, query in GOOD_PLACES:
            answers.append(("good", name, query, *http("GET", base + "?" + query)))
        answers.append(("missing", "no coordinates", "", *http("GET", base)))
        http("POST", f"http://127.0.0.1:{self.iss_port}/fail-next?status={FAILING_ISS_STATUS}")
        query = "latitude=10&longitude=20"
        answers.append(("iss-fails", f"ISS API answers {FAILING_ISS_STATUS}", query,
                        *http("GET", base + "?" + query)))
        return answers

    def stop_service(self):
        if self.service:
            self.service.stop()

    def service_crash(self):
        """How the service ended if it ended by itself (before stop_service), else None."""
        if self.service is None or self.service.running() or self.service.stopped:
            return None
        code = self.service.popen.returncode
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"

    def service_output(self):
        return self.service.text() if self.service else ""

    def snapshot(self):
        """What the viewer has received so far."""
        api = f"http://127.0.0.1:{self.api_port}"
        traces = []
        for summary in (get_json(api + "/api/traces?limit=50") or {}).get("traces", []):
            trace = get_json(api + "/api/traces/" + summary["traceId"])
            if trace:
                traces.append(trace)
        metrics = {}
        for metric in (get_json(api + "/api/metrics") or {}).get("metrics", []):
            detail = get_json(api + "/api/metrics/" + urllib.request.quote(metric["name"]))
            if detail:
                metrics[metric["name"]] = detail
        status, prometheus_text = http("GET", api + "/metrics")
        return {
            "traces": traces,
            "logs": (get_json(api + "/api/logs?limit=500") or {}).get("logs", []),
            "metrics": metrics,
            "prometheus": prometheus_text if status == 200 else "",
            "iss_url": self.iss_url,
            "failing_iss_status": FAILING_ISS_STATUS,
            "service_port": self.service_port,
        }
