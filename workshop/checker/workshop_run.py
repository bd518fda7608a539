"""The processes scripts/check-workshop runs, and the requests it sends.

IssServiceStack (Sections 0-3) starts a telemetry-viewer (the OTLP receiver), the fake
ISS API and iss-distance-service; SystemStack (Section 4) starts a viewer, the fake ISS
API and all four services wired together (frontend -> gateway -> geolocator-service and
iss-distance-service). Both run on free loopback ports, drive the services, read the
viewer's JSON API, and stop everything they started when the `with` block ends (also on
Ctrl-C or an error).
"""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

# Loopback only: never through a proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Sections 0-3: the requests sent to iss-distance-service, in order.
GOOD_PLACES = [("Paris", "latitude=48.8566&longitude=2.3522"),
               ("Sydney", "latitude=-33.8688&longitude=151.2093")]
FAILING_ISS_STATUS = 503
# Section 4: a place the offline gazetteer knows, and one it does not (geolocator: 404).
KNOWN_PLACE = "London"
UNKNOWN_PLACE = "Atlantis-Nowhere"
SERVICES = ["frontend", "gateway", "geolocator-service", "iss-distance-service"]


class StartError(Exception):
    pass


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def stop_on_sigterm():
    """A kill of the checker raises KeyboardInterrupt, so the `with` blocks still stop
    every process they started (call from the main thread)."""
    signal.signal(signal.SIGTERM, _interrupt)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method, url, timeout=5.0, form=None):
    """(status, body text); status 0 when there was no answer. `form`: fields to POST."""
    data = None
    headers = {}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif method == "POST":
        data = b""
    request = urllib.request.Request(url, method=method, data=data, headers=headers)
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

    def signal_stop(self):
        """SIGTERM: the services flush their telemetry and exit."""
        self.stopped = True
        if self.running():
            self.popen.send_signal(signal.SIGTERM)

    def wait_stopped(self, until):
        """Waits for the exit until the monotonic time `until`, then SIGKILL."""
        try:
            self.popen.wait(timeout=max(0.0, until - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()

    def stop(self):
        self.signal_stop()
        self.wait_stopped(time.monotonic() + 5)

    def crash(self):
        """How the process ended if it ended by itself (not stopped by us), else None."""
        if self.running() or self.stopped:
            return None
        code = self.popen.returncode
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"

    def text(self):
        self.output.seek(0)
        return self.output.read().decode("utf-8", "replace")


def stop_all(processes):
    """SIGTERM to all at once (each flushes its telemetry), then wait up to 5 s for all."""
    for process in processes:
        process.signal_stop()
    until = time.monotonic() + 5
    for process in processes:
        process.wait_stopped(until)


class Stack:
    """A telemetry-viewer and the fake ISS API; subclasses add the services they check."""

    def __init__(self, viewer_binary, fake_iss_binary):
        self.viewer_binary = viewer_binary
        self.fake_iss_binary = fake_iss_binary
        self.processes = []
        self.services = {}  # name -> Process

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        stop_all(list(reversed(self.processes)))
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

    def start_platform(self):
        # A clean environment: OTEL_* settings from the attendee's shell would change what
        # is checked (e.g. OTEL_SERVICE_NAME would fake Section 0).
        self.base_env = {key: value for key, value in os.environ.items()
                         if key in ("PATH", "HOME", "LANG", "LC_ALL", "TZ")}
        self.api_port, grpc_port, self.otlp_http_port = free_port(), free_port(), free_port()
        self._start("telemetry-viewer", [self.viewer_binary],
                    dict(self.base_env, HOST="127.0.0.1", PORT=str(self.api_port),
                         OTLP_GRPC_PORT=str(grpc_port), OTLP_HTTP_PORT=str(self.otlp_http_port)),
                    self.api_port)
        self.iss_port = free_port()
        self._start("fake-iss-api", [self.fake_iss_binary],
                    dict(self.base_env, HOST="127.0.0.1", PORT=str(self.iss_port)), self.iss_port)
        self.iss_url = f"http://127.0.0.1:{self.iss_port}/iss-now.json"

    def _start_service(self, name, binary, **settings):
        port = free_port()
        env = dict(self.base_env, HOST="127.0.0.1", PORT=str(port),
                   UPSTREAM_TIMEOUT_SECONDS="3",
                   OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{self.otlp_http_port}",
                   OTEL_EXPORTER_OTLP_PROTOCOL="http/protobuf",
                   # Quick span and log batches; the metric interval is the service's own.
                   OTEL_BSP_SCHEDULE_DELAY="200", OTEL_BLRP_SCHEDULE_DELAY="200", **settings)
        self.services[name] = self._start(f"{name} ({os.path.basename(binary)})", [binary], env,
                                          port)
        return port

    def stop_services(self):
        stop_all(list(reversed(self.services.values())))

    def crashes(self):
        """[(service, how it ended, its output)] for services that ended by themselves."""
        return [(name, process.crash(), process.text()) for name, process in self.services.items()
                if process.crash()]

    def outputs(self):
        return {name: process.text() for name, process in self.services.items()}

    def snapshot(self):
        """What the viewer has received so far, and the services' console output."""
        api = f"http://127.0.0.1:{self.api_port}"
        traces = []
        for summary in (get_json(api + "/api/traces?limit=100") or {}).get("traces", []):
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
            "console": self.outputs(),
        }


class IssServiceStack(Stack):
    """Sections 0-3: iss-distance-service alone, asked directly."""

    def __init__(self, binary, viewer_binary, fake_iss_binary):
        super().__init__(viewer_binary, fake_iss_binary)
        self.binary = binary

    def start(self):
        self.start_platform()
        self.service_port = self._start_service("iss-distance-service", self.binary,
                                                ISS_SOURCE="live", ISS_NOW_URL=self.iss_url)

    def drive(self):
        """Sends the checker's requests; returns [(what, name, query, status, body)]."""
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

    def snapshot(self):
        return dict(super().snapshot(), service_port=self.service_port)


class SystemStack(Stack):
    """Section 4: the four services wired together, as scripts/demo runs them."""

    def __init__(self, binaries, viewer_binary, fake_iss_binary):
        super().__init__(viewer_binary, fake_iss_binary)
        self.binaries = binaries  # service name -> path
        self.ports = {}

    def start(self):
        self.start_platform()
        self.ports["iss-distance-service"] = self._start_service(
            "iss-distance-service", self.binaries["iss-distance-service"],
            ISS_SOURCE="live", ISS_NOW_URL=self.iss_url)
        self.ports["geolocator-service"] = self._start_service(
            "geolocator-service", self.binaries["geolocator-service"], GEOCODER="gazetteer")
        url = "http://127.0.0.1:{}/".format
        self.ports["gateway"] = self._start_service(
            "gateway", self.binaries["gateway"],
            GEOLOCATOR_SERVICE_URL=url(self.ports["geolocator-service"]),
            ISS_DISTANCE_SERVICE_URL=url(self.ports["iss-distance-service"]))
        self.ports["frontend"] = self._start_service(
            "frontend", self.binaries["frontend"], GATEWAY_URL=url(self.ports["gateway"]))

    def drive(self):
        """Asks the gateway directly, then submits the frontend's form, for a known and an
        unknown place; returns [(via, "known" or "unknown", place, status, body)]."""
        gateway = f"http://127.0.0.1:{self.ports['gateway']}/?location="
        frontend = f"http://127.0.0.1:{self.ports['frontend']}/"
        places = [("known", KNOWN_PLACE), ("unknown", UNKNOWN_PLACE)]
        answers = []
        for kind, place in places:
            answers.append(("gateway", kind, place,
                            *http("GET", gateway + urllib.parse.quote(place))))
        for kind, place in places:
            answers.append(("frontend", kind, place,
                            *http("POST", frontend, form={"location": place})))
        return answers

    def snapshot(self):
        return dict(super().snapshot(), ports=dict(self.ports))
