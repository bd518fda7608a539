#!/usr/bin/python3
"""docker/healthz, the images' healthcheck, against real local HTTP servers:
healthy only when GET /healthz answers 200."""

import http.server
import os
import socket
import subprocess
import sys
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
HEALTHZ = os.path.join(os.path.dirname(os.path.dirname(HERE)), "docker", "healthz")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A loopback HTTP server answering GET /healthz with a given status."""

    def __init__(self, status):
        requests = self.requests = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server API)
                requests.append(self.path)
                code = status if self.path == "/healthz" else 404
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def run_healthz(args, env=None):
    return subprocess.run([HEALTHZ, *args], capture_output=True, text=True,
                          timeout=20, env=env)


class HealthzTest(unittest.TestCase):
    def test_healthy_on_200_and_asks_for_healthz(self):
        with Server(200) as server:
            result = run_healthz([str(server.port)])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(server.requests, ["/healthz"])

    def test_unhealthy_on_503(self):
        with Server(503) as server:
            result = run_healthz([str(server.port)])
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("503", result.stderr)

    def test_unhealthy_when_nothing_listens(self):
        result = run_healthz([str(free_port())])
        self.assertNotEqual(result.returncode, 0)

    def test_port_defaults_to_the_port_variable(self):
        with Server(200) as server:
            env = dict(os.environ, PORT=str(server.port))
            result = run_healthz([], env=env)
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
