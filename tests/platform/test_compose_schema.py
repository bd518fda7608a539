#!/usr/bin/python3
"""Both compose files (and the collector's debug override) against the Compose
file JSON schema that Debian's docker-compose package ships
(compose/config/compose_spec.json). That schema predates two keys we use: the
top-level `name` and a service's `develop` (watch); they are removed before
validating, and test_compose.py checks their content. Everything else
(healthcheck, depends_on conditions, ports, volumes, networks, build...) must be
valid."""

import json
import os
import sys
import unittest

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SCHEMA = "/usr/lib/python3/dist-packages/compose/config/compose_spec.json"
FILES = ["docker-compose.yml", "docker-compose-services.yml",
         "telemetry-platform-config/otel-collector/compose.debug.yml"]


def without_newer_keys(document):
    """The document without the two keys added to Compose after this schema."""
    document = dict(document)
    document.pop("name", None)
    document["services"] = {name: {k: v for k, v in service.items() if k != "develop"}
                            for name, service in document["services"].items()}
    return document


class ComposeSchemaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SCHEMA, encoding="utf-8") as f:
            cls.validator = jsonschema.Draft7Validator(json.load(f))

    def errors(self, document):
        return list(self.validator.iter_errors(without_newer_keys(document)))

    def load(self, name):
        with open(os.path.join(REPO, name), encoding="utf-8") as f:
            return yaml.safe_load(f)

    def test_compose_files_are_valid(self):
        for name in FILES:
            errors = self.errors(self.load(name))
            self.assertEqual([f"{list(e.path)}: {e.message}" for e in errors], [], name)

    def test_a_misspelt_key_or_condition_is_caught(self):
        document = self.load("docker-compose-services.yml")
        document["services"]["gateway"]["healthchek"] = document["services"]["gateway"].pop(
            "healthcheck")
        document["services"]["frontend"]["depends_on"]["gateway"]["condition"] = "healthy"
        errors = self.errors(document)
        self.assertEqual(len(errors), 2, [e.message for e in errors])
        by_path = {tuple(e.path): e.message for e in errors}
        self.assertIn("healthchek", by_path[("services", "gateway")])
        self.assertIn("'healthy'", by_path[("services", "frontend", "depends_on")])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
