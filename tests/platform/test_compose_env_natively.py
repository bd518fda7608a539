#!/usr/bin/python3
"""The environment docker-compose-services.yml gives each service is accepted by
the real binary: started natively with exactly that environment (only HOST and
PORT changed to a free loopback port, and the OTLP endpoint moved to a closed
loopback port so nothing outside this machine is contacted), each service
answers GET /healthz with 200 with no collector to export to, and stops on
SIGINT (the compose stop_signal) with exit status 0.

  test_compose_env_natively.py BIN_DIR [SERVICE]   (default: all four)
"""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BIN_DIR = None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthz_status(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


class ComposeEnvironmentTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(REPO, "docker-compose-services.yml"), encoding="utf-8") as f:
            cls.services = yaml.safe_load(f)["services"]

    def run_service(self, name):
        service = self.services[name]
        self.assertEqual(service["stop_signal"], "SIGINT")
        port = free_port()
        # Interpolated as compose does with nothing set in the shell: ${VAR:-default}
        # becomes the default (WORKSHOP_FAULT: empty, i.e. no fault).
        env = {key: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(value))
               for key, value in service["environment"].items()}
        self.assertEqual((env["HOST"], env["PORT"]), ("0.0.0.0", "5000"))
        env.update(HOST="127.0.0.1", PORT=str(port), PATH=os.environ.get("PATH", ""))
        # The one address a service contacts on its own (exporting telemetry):
        # kept on loopback, on a port where nothing listens, so the test never
        # looks up or reaches a host outside this machine. Its compose value is
        # checked by test_compose.py.
        self.assertEqual(env["OTEL_EXPORTER_OTLP_ENDPOINT"], "http://otel-collector:4317")
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = f"http://127.0.0.1:{free_port()}"
        # Unset everything else, so the test sees the compose environment only.
        # Output goes to a file: a pipe nobody reads could fill and block the service.
        log = tempfile.TemporaryFile("w+")
        process = subprocess.Popen([os.path.join(BIN_DIR, name)], env=env,
                                   stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + 20
            status = None
            while time.monotonic() < deadline and process.poll() is None:
                status = healthz_status(port)
                if status == 200:
                    break
                time.sleep(0.2)
            if process.poll() is not None:
                log.seek(0)
                self.fail(f"{name} exited {process.returncode}: {log.read()}")
            self.assertEqual(status, 200, f"{name} /healthz")
            process.send_signal(signal.SIGINT)
            self.assertEqual(process.wait(timeout=15), 0, f"{name} exit status on SIGINT")
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            log.close()

    def test_frontend(self):
        self.run_service("frontend")

    def test_gateway(self):
        self.run_service("gateway")

    def test_geolocator_service(self):
        self.run_service("geolocator-service")

    def test_iss_distance_service(self):
        self.run_service("iss-distance-service")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    BIN_DIR = sys.argv[1]
    selection = ["-k", "test_" + sys.argv[2].replace("-", "_")] if len(sys.argv) == 3 else []
    unittest.main(argv=[sys.argv[0], "-v", *selection])
