#!/usr/bin/python3
"""docker-compose.yml (platform) and docker-compose-services.yml (the four
services), checked without a Docker engine: services, images, ports,
environment, build contexts and Dockerfile targets, depends_on, networks,
volumes, bind-mount sources, healthchecks, watch paths and TRACE_UI_URL."""

import json
import os
import re
import sys
import unittest
import urllib.parse

import yaml

import dockerfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SERVICES = ["frontend", "gateway", "geolocator-service", "iss-distance-service"]
# Spans per export as the services are deployed: compose, scripts/demo and the ON stack
# of scripts/bench-system must agree (docs/performance.md, "The tail").
BATCH_AS_DEPLOYED = "128"


def load(name):
    with open(os.path.join(REPO, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def published(service):
    """{container port: host port} from a compose service's ports list."""
    ports = {}
    for entry in service.get("ports", []):
        host, _, container = str(entry).rpartition(":")
        ports[int(container)] = int(host)
    return ports


class ComposeChecks:
    """Checks that hold for both files."""

    def test_depends_on_targets_exist(self):
        for name, service in self.compose["services"].items():
            for target in service.get("depends_on", {}):
                self.assertIn(target, self.compose["services"], f"{name} -> {target}")

    def test_bind_mount_sources_and_named_volumes_exist(self):
        declared = set(self.compose.get("volumes") or {})
        for name, service in self.compose["services"].items():
            for volume in service.get("volumes", []):
                source = volume.split(":")[0]
                if source.startswith("."):
                    self.assertTrue(os.path.exists(os.path.join(REPO, source)),
                                    f"{name}: {source}")
                else:
                    self.assertIn(source, declared, f"{name}: volume {source}")

    def test_healthchecks_are_exec_form(self):
        for name, service in self.compose["services"].items():
            check = service.get("healthcheck")
            if check:
                self.assertEqual(check["test"][0], "CMD", name)


class PlatformComposeTest(ComposeChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.compose = load("docker-compose.yml")

    def test_the_workshop_platform_with_pinned_images(self):
        services = self.compose["services"]
        for name in ("otel-collector", "prometheus", "loki", "tempo", "grafana"):
            image = services[name]["image"]
            self.assertRegex(image, r":v?\d+\.\d+\.\d+$", f"{name} is not pinned")
        self.assertRegex(services["otel-collector"]["image"],
                         r"^otel/opentelemetry-collector-contrib:")

    def test_workshop_ports(self):
        services = self.compose["services"]
        self.assertEqual(published(services["grafana"])[3000], 3000)
        self.assertEqual(published(services["prometheus"])[9090], 9090)
        collector = published(services["otel-collector"])
        self.assertEqual((collector[4317], collector[4318]), (4317, 4318))

    def test_config_files_are_mounted_where_the_commands_read_them(self):
        for name, service in self.compose["services"].items():
            mounts = {v.split(":")[1]: v.split(":")[0] for v in service.get("volumes", [])}
            for argument in service.get("command", []):
                match = re.match(r"-?-config\.?file=(\S+)|--config=(\S+)", argument)
                if not match:
                    continue
                path = match.group(1) or match.group(2)
                source = mounts.get(path) or next(
                    (os.path.join(src, os.path.relpath(path, dst))
                     for dst, src in mounts.items() if path.startswith(dst + "/")), None)
                self.assertIsNotNone(source, f"{name}: {path} is not mounted")
                self.assertTrue(os.path.isfile(os.path.join(REPO, source)),
                                f"{name}: {source}")

    def test_prometheus_accepts_remote_write_and_stores_exemplars(self):
        command = self.compose["services"]["prometheus"]["command"]
        self.assertIn("--web.enable-remote-write-receiver", command)
        self.assertIn("--enable-feature=exemplar-storage", command)

    def test_grafana_anonymous_admin_and_provisioning(self):
        grafana = self.compose["services"]["grafana"]
        env = grafana["environment"]
        self.assertEqual(env["GF_AUTH_ANONYMOUS_ENABLED"], "true")
        self.assertEqual(env["GF_AUTH_ANONYMOUS_ORG_ROLE"], "Admin")
        targets = {v.split(":")[1] for v in grafana["volumes"]}
        self.assertTrue({"/etc/grafana/provisioning", "/etc/grafana/dashboards"} <= targets)
        home = env["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
        self.assertTrue(os.path.isfile(os.path.join(
            REPO, "telemetry-platform-config/grafana/dashboards", os.path.basename(home))))

    def test_volume_init_prepares_the_uid_10001_volumes(self):
        init = self.compose["services"]["volume-init"]
        self.assertEqual(init["command"][:3], ["chown", "-R", "10001:10001"])
        for name in ("loki", "tempo"):
            depends = self.compose["services"][name]["depends_on"]["volume-init"]
            self.assertEqual(depends["condition"], "service_completed_successfully")


class ServicesComposeTest(ComposeChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.compose = load("docker-compose-services.yml")
        cls.platform = load("docker-compose.yml")
        _, stages = dockerfile.parse(os.path.join(REPO, "docker", "Dockerfile"))
        cls.stage_names = {stage.name for stage in stages}
        with open(os.path.join(REPO, "docker", "Dockerfile"), encoding="utf-8") as f:
            cls.dockerfile_text = f.read()

    def test_the_four_services_the_checker_and_the_load(self):
        self.assertEqual(sorted(self.compose["services"]), sorted(SERVICES + ["check", "load"]))

    def test_the_demo_and_the_benchmark_batch_spans_as_compose_does(self):
        for script, pattern in (("scripts/demo", r"OTEL_BSP_MAX_EXPORT_BATCH_SIZE:-(\d+)"),
                                ("scripts/bench-system", r"OTEL_BSP_MAX_EXPORT_BATCH_SIZE=(\d+) ")):
            with open(os.path.join(REPO, script), encoding="utf-8") as f:
                found = re.findall(pattern, f.read())
            self.assertEqual(found, [BATCH_AS_DEPLOYED], script)

    def test_the_load_runs_only_on_request_on_the_services_network(self):
        load = self.compose["services"]["load"]
        self.assertEqual(load["profiles"], ["load"])
        self.assertNotIn("network_mode", load)  # the default network: it reaches frontend
        self.assertNotIn("ports", load)
        self.assertIn('"--url", "http://frontend:5000"', self.dockerfile_text)

    def test_one_hidden_fault_from_the_shell_reaches_the_services_and_the_checker(self):
        # README Section 5: `export WORKSHOP_FAULT=$RANDOM`; unset, compose gives "" (off).
        for name in SERVICES + ["check"]:
            env = self.compose["services"][name]["environment"]
            self.assertEqual(env["WORKSHOP_FAULT"], "${WORKSHOP_FAULT:-}", name)

    def test_build_contexts_dockerfiles_targets_and_the_variant_switch(self):
        for name, service in self.compose["services"].items():
            build = service["build"]
            context = os.path.join(REPO, build["context"])
            self.assertTrue(os.path.isdir(context), name)
            self.assertTrue(os.path.isfile(os.path.join(context, build["dockerfile"])), name)
            self.assertIn(build["target"], self.stage_names, name)
            self.assertEqual(build["target"], name)
            # The exercise by default; VARIANT=solution in the environment switches.
            self.assertEqual(build["args"], {"VARIANT": "${VARIANT:-exercise}"}, name)

    def test_the_checker_runs_only_on_request_on_fresh_source_without_network(self):
        check = self.compose["services"]["check"]
        self.assertEqual(check["profiles"], ["check"])
        self.assertEqual(check["pull_policy"], "build")
        self.assertEqual(check["network_mode"], "none")
        self.assertNotIn("ports", check)

    def test_environment_wires_the_services_and_the_collector(self):
        services = self.compose["services"]
        for name in SERVICES:
            service = services[name]
            env = service["environment"]
            self.assertEqual(env["OTEL_EXPORTER_OTLP_ENDPOINT"], "http://otel-collector:4317")
            self.assertEqual(env["OTEL_EXPORTER_OTLP_PROTOCOL"], "grpc")
            self.assertEqual(env["OTEL_SERVICE_NAME"], name)
            self.assertEqual(env["OTEL_METRIC_EXPORT_INTERVAL"], "1000")
            self.assertEqual(env["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"], BATCH_AS_DEPLOYED)
            self.assertEqual((env["HOST"], env["PORT"]), ("0.0.0.0", "5000"))
        urls = {"GATEWAY_URL": ("frontend", "gateway"),
                "GEOLOCATOR_SERVICE_URL": ("gateway", "geolocator-service"),
                "ISS_DISTANCE_SERVICE_URL": ("gateway", "iss-distance-service")}
        for variable, (user, target) in urls.items():
            self.assertEqual(services[user]["environment"][variable], f"http://{target}:5000")
            self.assertIn(target, services[user]["depends_on"])
        self.assertEqual(services["iss-distance-service"]["environment"]["ISS_SOURCE"], "auto")
        self.assertIn("otel-collector", self.platform["services"])

    def test_frontend_published_on_5000_only(self):
        for name, service in self.compose["services"].items():  # the checker too
            expected = {5000: 5000} if name == "frontend" else {}
            self.assertEqual(published(service), expected, name)

    def test_stop_signal_healthcheck_and_watch(self):
        solution_folder = {"frontend": "./frontend", "gateway": "./backend/gateway",
                           "geolocator-service": "./backend/geolocator-service",
                           "iss-distance-service": "./backend/iss-distance-service"}
        for name in SERVICES:
            service = self.compose["services"][name]
            self.assertEqual(service["stop_signal"], "SIGINT", name)
            self.assertEqual(service["healthcheck"]["test"], ["CMD", "/usr/local/bin/healthz"])
            watch = service["develop"]["watch"]
            paths = [rule["path"] for rule in watch]
            # What the attendee edits, the solution it shares its business code with,
            # and what every service builds on.
            for wanted in (f"./workshop/{name}", solution_folder[name], "./otel", "./common",
                           "./CMakeLists.txt", "./docker"):
                self.assertIn(wanted, paths, name)
            for rule in watch:
                self.assertEqual(rule["action"], "rebuild")
                self.assertTrue(os.path.exists(os.path.join(REPO, rule["path"])),
                                f"{name}: watch path {rule['path']}")

    def test_networks_match_the_platform(self):
        mine = self.compose["networks"]["default"]
        theirs = self.platform["networks"]["default"]
        self.assertTrue(mine["external"])
        self.assertFalse(theirs.get("external", False))
        self.assertEqual(mine["name"], theirs["name"])

    def test_trace_ui_url_opens_the_trace_in_grafana_explore(self):
        template = self.compose["services"]["frontend"]["environment"]["TRACE_UI_URL"]
        self.assertEqual(template.count("{trace_id}"), 1)
        trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
        url = urllib.parse.urlsplit(template.replace("{trace_id}", trace_id))
        grafana = published(self.platform["services"]["grafana"])
        self.assertEqual((url.scheme, url.hostname, url.port, url.path),
                         ("http", "localhost", grafana[3000], "/explore"))
        query = urllib.parse.parse_qs(url.query)
        panes = json.loads(query["panes"][0])
        (pane,) = panes.values()
        (target,) = pane["queries"]
        self.assertEqual(target["query"], trace_id)
        self.assertEqual(target["datasource"], {"type": "tempo", "uid": "tempo"})
        self.assertEqual(pane["datasource"], "tempo")
        with open(os.path.join(REPO, "telemetry-platform-config/grafana/provisioning/"
                               "datasources/datasources.yaml"), encoding="utf-8") as f:
            uids = {d["uid"]: d["type"] for d in yaml.safe_load(f)["datasources"]}
        self.assertEqual(uids[target["datasource"]["uid"]], "tempo")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
