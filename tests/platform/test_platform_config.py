#!/usr/bin/python3
"""telemetry-platform-config/: every YAML parses, and the pieces agree with each
other (collector pipelines, Tempo -> Prometheus remote write, Loki OTLP needs,
Grafana datasource UIDs and the links between traces, logs and metrics)."""

import glob
import json
import os
import sys
import unittest

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CONFIG = os.path.join(REPO, "telemetry-platform-config")


def load(relative):
    with open(os.path.join(CONFIG, relative), encoding="utf-8") as f:
        return yaml.safe_load(f)


def merge(base, overlay):
    """The collector's --config merge: maps merge key by key, lists replace."""
    if isinstance(base, dict) and isinstance(overlay, dict):
        merged = dict(base)
        for key, value in overlay.items():
            merged[key] = merge(base.get(key), value) if key in base else value
        return merged
    return overlay


class YamlTest(unittest.TestCase):
    def test_every_yaml_file_parses_to_a_mapping(self):
        files = (glob.glob(os.path.join(CONFIG, "**", "*.yaml"), recursive=True)
                 + glob.glob(os.path.join(CONFIG, "**", "*.yml"), recursive=True)
                 + glob.glob(os.path.join(REPO, "docker-compose*.yml")))
        self.assertGreaterEqual(len(files), 9, files)
        for path in files:
            with open(path, encoding="utf-8") as f:
                self.assertIsInstance(yaml.safe_load(f), dict, path)

    def test_a_broken_yaml_file_would_be_caught(self):
        with self.assertRaises(yaml.YAMLError):
            yaml.safe_load("receivers:\n  otlp: [grpc\n")


class CollectorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.config = load("otel-collector/config.yaml")
        cls.debug = merge(cls.config, load("otel-collector/debug.yaml"))

    def check_pipelines(self, config):
        for name, pipeline in config["service"]["pipelines"].items():
            for kind in ("receivers", "processors", "exporters"):
                for component in pipeline.get(kind, []):
                    self.assertIn(component, config[kind], f"{name}: {component}")
            self.assertEqual(pipeline["processors"][0], "memory_limiter", name)
            self.assertIn("batch", pipeline["processors"], name)
        for extension in config["service"].get("extensions", []):
            self.assertIn(extension, config["extensions"])

    def test_pipelines_use_defined_components_memory_limiter_first(self):
        self.check_pipelines(self.config)
        self.assertEqual(set(self.config["service"]["pipelines"]),
                         {"traces", "metrics", "logs"})

    def test_otlp_receiver_listens_on_all_interfaces_with_cors(self):
        protocols = self.config["receivers"]["otlp"]["protocols"]
        self.assertEqual(protocols["grpc"]["endpoint"], "0.0.0.0:4317")
        self.assertEqual(protocols["http"]["endpoint"], "0.0.0.0:4318")
        self.assertTrue(protocols["http"]["cors"]["allowed_origins"])

    def test_signals_go_to_tempo_loki_otlp_and_prometheus(self):
        pipelines = self.config["service"]["pipelines"]
        exporters = self.config["exporters"]
        (traces,) = pipelines["traces"]["exporters"]
        self.assertTrue(traces.startswith("otlp_grpc"))
        self.assertEqual(exporters[traces]["endpoint"], "tempo:4317")
        (logs,) = pipelines["logs"]["exporters"]
        self.assertTrue(logs.startswith("otlp_http"))
        self.assertEqual(exporters[logs]["endpoint"], "http://loki:3100/otlp")
        self.assertEqual(pipelines["metrics"]["exporters"], ["prometheus"])
        self.assertTrue(exporters["prometheus"]["enable_open_metrics"])

    def test_debug_exporter_is_off_by_default_and_on_with_the_overlay(self):
        for pipeline in self.config["service"]["pipelines"].values():
            self.assertNotIn("debug", pipeline["exporters"])
        self.check_pipelines(self.debug)
        for name, pipeline in self.debug["service"]["pipelines"].items():
            self.assertIn("debug", pipeline["exporters"], name)
            # The overlay must keep the real exporter of every pipeline.
            original = self.config["service"]["pipelines"][name]["exporters"]
            self.assertTrue(set(original) <= set(pipeline["exporters"]), name)

    def test_debug_compose_override_loads_both_files(self):
        override = load("otel-collector/compose.debug.yml")
        command = override["services"]["otel-collector"]["command"]
        self.assertEqual(command, ["--config=/etc/otelcol-contrib/config.yaml",
                                   "--config=/etc/otelcol-contrib/debug.yaml"])


class BackendsTest(unittest.TestCase):
    def test_prometheus_scrapes_the_collector_exporter_port(self):
        prometheus = load("prometheus/prometheus.yml")
        collector = load("otel-collector/config.yaml")
        port = collector["exporters"]["prometheus"]["endpoint"].rsplit(":", 1)[1]
        jobs = {job["job_name"]: job for job in prometheus["scrape_configs"]}
        job = jobs["otel-collector"]
        self.assertTrue(job["honor_labels"])
        self.assertEqual(job["static_configs"][0]["targets"], [f"otel-collector:{port}"])
        self.assertGreater(prometheus["storage"]["exemplars"]["max_exemplars"], 0)

    def test_tempo_generates_metrics_into_prometheus_with_exemplars(self):
        tempo = load("tempo/tempo.yaml")
        (remote,) = tempo["metrics_generator"]["storage"]["remote_write"]
        self.assertEqual(remote["url"], "http://prometheus:9090/api/v1/write")
        self.assertTrue(remote["send_exemplars"])
        processors = tempo["overrides"]["defaults"]["metrics_generator"]["processors"]
        self.assertTrue({"service-graphs", "span-metrics"} <= set(processors))
        protocols = tempo["distributor"]["receivers"]["otlp"]["protocols"]
        self.assertEqual(protocols["grpc"]["endpoint"], "0.0.0.0:4317")

    def test_loki_accepts_otlp_structured_metadata(self):
        loki = load("loki/loki.yaml")
        self.assertTrue(loki["limits_config"]["allow_structured_metadata"])
        schema = loki["schema_config"]["configs"][-1]
        self.assertEqual((schema["store"], schema["schema"]), ("tsdb", "v13"))
        self.assertFalse(loki["auth_enabled"])


class GrafanaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.datasources = {d["uid"]: d for d in load(
            "grafana/provisioning/datasources/datasources.yaml")["datasources"]}

    def test_three_datasources_with_fixed_uids(self):
        types = {uid: d["type"] for uid, d in self.datasources.items()}
        self.assertEqual(types, {"prometheus": "prometheus", "loki": "loki",
                                 "tempo": "tempo"})

    def test_links_between_signals_name_existing_datasources(self):
        tempo = self.datasources["tempo"]["jsonData"]
        links = tempo["tracesToLogsV2"]
        self.assertEqual(self.datasources[links["datasourceUid"]]["type"], "loki")
        self.assertTrue(links["filterByTraceID"])
        self.assertIn("service_name=", links["query"])
        self.assertIn('trace_id="$${__span.traceId}"', links["query"])
        self.assertEqual(self.datasources[tempo["serviceMap"]["datasourceUid"]]["type"],
                         "prometheus")
        self.assertEqual(
            self.datasources[tempo["tracesToMetrics"]["datasourceUid"]]["type"],
            "prometheus")
        (derived,) = self.datasources["loki"]["jsonData"]["derivedFields"]
        self.assertEqual((derived["matcherType"], derived["matcherRegex"]),
                         ("label", "trace_id"))
        self.assertEqual(self.datasources[derived["datasourceUid"]]["type"], "tempo")
        self.assertEqual(derived["url"], "$${__value.raw}")
        exemplars = self.datasources["prometheus"]["jsonData"]["exemplarTraceIdDestinations"]
        self.assertEqual({e["name"] for e in exemplars}, {"trace_id", "traceID"})
        for exemplar in exemplars:
            self.assertEqual(self.datasources[exemplar["datasourceUid"]]["type"], "tempo")

    def test_dashboards_are_valid_json_and_use_provisioned_uids(self):
        provider = load("grafana/provisioning/dashboards/dashboards.yaml")
        self.assertEqual(provider["providers"][0]["options"]["path"],
                         "/etc/grafana/dashboards")
        paths = glob.glob(os.path.join(CONFIG, "grafana", "dashboards", "*.json"))
        self.assertTrue(paths)
        titles = set()
        for path in paths:
            with open(path, encoding="utf-8") as f:
                dashboard = json.load(f)
            titles.add(dashboard["title"])
            used = set()
            for panel in dashboard["panels"]:
                if panel["type"] == "row":
                    continue
                used.add(panel["datasource"]["uid"])
                for target in panel["targets"]:
                    used.add(target["datasource"]["uid"])
            for variable in dashboard["templating"]["list"]:
                used.add(variable["datasource"]["uid"])
            self.assertTrue(used <= set(self.datasources), used - set(self.datasources))
            self.assertEqual(used, {"prometheus", "loki", "tempo"})
        self.assertIn("ISS distance services", titles)

    def test_dashboard_has_the_required_panels(self):
        with open(os.path.join(CONFIG, "grafana", "dashboards",
                               "iss-distance-services.json"), encoding="utf-8") as f:
            dashboard = json.load(f)
        queries = [(p["type"], t) for p in dashboard["panels"] for t in p.get("targets", [])]
        exprs = " ".join(t.get("expr", "") for _, t in queries)
        for needle in ("rate(http_server_request_duration_seconds_count",
                       'http_response_status_code=~"5.."',
                       "histogram_quantile(0.5,", "histogram_quantile(0.95,",
                       "histogram_quantile(0.99,", "by (response_status)",
                       "iss_requests_total", "incoming_requests_total",
                       "http_client_request_duration_seconds_bucket"):
            self.assertIn(needle, exprs)
        types = {p["type"] for p in dashboard["panels"]}
        self.assertTrue({"logs", "table", "nodeGraph", "timeseries"} <= types)
        tempo_queries = {t.get("queryType") for kind, t in queries
                         if t["datasource"]["uid"] == "tempo"}
        self.assertEqual(tempo_queries, {"traceql", "serviceMap"})

    def test_latency_panels_show_exemplars_linked_to_tempo(self):
        """#18: every histogram_quantile over a *_bucket series asks for exemplars, and the
        Prometheus datasource turns their trace_id label into a Tempo link."""
        with open(os.path.join(CONFIG, "grafana", "dashboards",
                               "iss-distance-services.json"), encoding="utf-8") as f:
            dashboard = json.load(f)
        latency = [(p["title"], t) for p in dashboard["panels"] for t in p.get("targets", [])
                   if "histogram_quantile(" in t.get("expr", "") and "_bucket" in t.get("expr", "")]
        self.assertGreaterEqual(len(latency), 4)
        for title, target in latency:
            self.assertIs(target.get("exemplar"), True, title)
            self.assertEqual(target["datasource"]["uid"], "prometheus", title)
        destinations = {e["name"]: e["datasourceUid"] for e in
                        self.datasources["prometheus"]["jsonData"]["exemplarTraceIdDestinations"]}
        self.assertEqual(destinations.get("trace_id"), "tempo")  # the SDK's and collector's label


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
