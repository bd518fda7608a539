#!/usr/bin/python3
"""The PromQL metric-name extractor, and check_metric_names.py against a small
synthetic scrape: it passes when every name is there and names what is missing
otherwise, for metric names and for the labels the queries use. (The check against a real scrape of the running system is a separate
test, registered when a scrape file is given; see docs/platform.md.)"""

import os
import subprocess
import sys
import tempfile
import unittest

import promql_names

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "check_metric_names.py")
SYNTHETIC = os.path.join(HERE, "data", "synthetic-scrape.txt")


class ExtractorTest(unittest.TestCase):
    def test_names_not_functions_labels_or_durations(self):
        expr = ('histogram_quantile(0.95, sum by (le, job) (rate('
                'http_server_request_duration_seconds_bucket{job=~"${service:regex}",'
                'http_route="/"}[$__rate_interval])))')
        self.assertEqual(promql_names.metric_names(expr),
                         {"http_server_request_duration_seconds_bucket"})

    def test_binary_expressions_keywords_and_offsets(self):
        expr = ('sum(rate(a_total[5m] offset 1h)) / on (job) group_left '
                'sum(rate(b_total{x="y z"}[5m])) > bool 0 and c unless d_seconds_count')
        self.assertEqual(promql_names.metric_names(expr),
                         {"a_total", "b_total", "c", "d_seconds_count"})

    def test_grafana_provisioning_escapes_and_strings(self):
        expr = ('sum(rate(http_server_request_duration_seconds_count{$$__tags}[1m]))'
                ' or label_replace(up, "dst", "$1", "src", "(not_a_metric)")')
        self.assertEqual(promql_names.metric_names(expr),
                         {"http_server_request_duration_seconds_count", "up"})

    def test_scrape_sample_names_skip_comments_and_exemplars(self):
        text = ('# HELP x_total help text mentioning y_total\n# TYPE x counter\n'
                'x_total{a="b"} 1 # {trace_id="abc"} 1.0\n'
                'z_seconds_bucket{le="+Inf"} 2\n# EOF\n')
        self.assertEqual(promql_names.scrape_sample_names(text),
                         {"x_total", "z_seconds_bucket"})


    def test_label_names_from_matchers_and_grouping(self):
        expr = ('sum by (job, server_address) (rate(x_count{job=~"${service:regex}",'
                ' code=~"5..", note="a=b"}[5m])) / on (job) y')
        self.assertEqual(promql_names.label_names(expr),
                         {"job", "server_address", "code", "note"})

    def test_scrape_labels_per_metric(self):
        text = ('m_total{job="a",status="200"} 1 # {trace_id="abc"} 1.0\n'
                'm_total{job="b",path="/x,y=\\"z\\""} 2\nbare 3\n')
        self.assertEqual(promql_names.scrape_labels(text),
                         {"m_total": {"job", "status", "path"}, "bare": set()})


class CheckScriptTest(unittest.TestCase):
    def run_check(self, scrape_text):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write(scrape_text)
        try:
            return subprocess.run([sys.executable, CHECK, "--scrape", f.name],
                                  capture_output=True, text=True, timeout=30)
        finally:
            os.unlink(f.name)

    def test_passes_when_every_name_is_scraped(self):
        with open(SYNTHETIC, encoding="utf-8") as f:
            result = self.run_check(f.read())
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("ok       iss_requests_total", result.stdout)
        self.assertIn("tempo    traces_spanmetrics_calls_total", result.stdout)

    def test_names_the_metric_missing_from_the_scrape(self):
        with open(SYNTHETIC, encoding="utf-8") as f:
            lines = [line for line in f if not line.startswith("iss_requests_total")]
        result = self.run_check("".join(lines))
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("MISSING  iss_requests_total", result.stdout)
        self.assertIn("1 metric name(s) not in the scrape: iss_requests_total",
                      result.stderr)

    def test_names_a_label_missing_from_the_scrape(self):
        with open(SYNTHETIC, encoding="utf-8") as f:
            text = f.read().replace(',response_status="200"', "")
        result = self.run_check(text)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("MISSING  label response_status", result.stdout)
        self.assertNotIn("MISSING  iss_requests_total", result.stdout)

    def test_an_empty_scrape_is_bad_input_not_a_pass(self):
        result = self.run_check("# nothing here\n")
        self.assertEqual(result.returncode, 2, result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
