#!/usr/bin/python3
"""Checks that every metric name the Grafana provisioning queries exists.

Usage:
  check_metric_names.py --scrape FILE [--scrape FILE ...]
                        [--dashboards DIR] [--datasources FILE]
                        [--tempo-generated FILE]

Every PromQL query in the dashboards and in the datasources' trace->metrics
links is parsed; each metric name must be a sample name in one of the scrape
files, and each label the query matches or groups on must appear on one of the
query's scraped metrics (Prometheus text or OpenMetrics, e.g. `curl -s localhost:8889/metrics`
against the collector, or the telemetry-viewer's /metrics). Names that only
Tempo's metrics generator produces (remote-written into Prometheus, so never
in a service's scrape) are listed in --tempo-generated and reported apart.
Exit status: 0 when every name is found, 1 when one is missing, 2 on bad input.
"""

import argparse
import glob
import os
import sys

import yaml

import promql_names

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GRAFANA = os.path.join(REPO, "telemetry-platform-config", "grafana")


def read_names_file(path):
    with open(path, encoding="utf-8") as f:
        return {line.split("#")[0].strip() for line in f} - {""}


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scrape", action="append", required=True)
    parser.add_argument("--dashboards", default=os.path.join(GRAFANA, "dashboards"))
    parser.add_argument("--datasources", default=os.path.join(
        GRAFANA, "provisioning", "datasources", "datasources.yaml"))
    parser.add_argument("--tempo-generated", default=os.path.join(
        HERE, "tempo-metrics-generator-names.txt"))
    args = parser.parse_args(argv)

    try:
        scraped = {}
        for path in args.scrape:
            with open(path, encoding="utf-8") as f:
                for name, labels in promql_names.scrape_labels(f.read()).items():
                    scraped.setdefault(name, set()).update(labels)
        with open(args.datasources, encoding="utf-8") as f:
            datasources = yaml.safe_load(f)["datasources"]
        tempo_generated = read_names_file(args.tempo_generated)
        dashboards = sorted(glob.glob(os.path.join(args.dashboards, "*.json")))
        queries = list(promql_names.all_queries(dashboards, datasources))
    except (OSError, ValueError, KeyError, yaml.YAMLError) as error:
        print(f"check_metric_names: {error}", file=sys.stderr)
        return 2
    if not scraped:
        print("check_metric_names: the scrape has no samples", file=sys.stderr)
        return 2
    if not queries:
        print("check_metric_names: no PromQL queries found", file=sys.stderr)
        return 2

    missing, missing_labels = [], []
    for where, expr in queries:
        found_labels = set()
        for name in sorted(promql_names.metric_names(expr)):
            if name in scraped:
                print(f"ok       {name:55} {where}")
                found_labels |= scraped[name]
            elif name in tempo_generated:
                print(f"tempo    {name:55} {where} (Tempo metrics generator)")
            else:
                print(f"MISSING  {name:55} {where}")
                missing.append(name)
        # Labels the query matches or groups on must exist on its scraped metrics.
        if found_labels:
            for label in sorted(promql_names.label_names(expr) - found_labels):
                print(f"MISSING  label {label:49} {where}")
                missing_labels.append(label)
    if missing:
        print(f"check_metric_names: {len(set(missing))} metric name(s) not in the "
              f"scrape: {', '.join(sorted(set(missing)))}", file=sys.stderr)
    if missing_labels:
        print(f"check_metric_names: label(s) not on the scraped metrics: "
              f"{', '.join(sorted(set(missing_labels)))}", file=sys.stderr)
    return 1 if missing or missing_labels else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
