#!/usr/bin/python3
"""Proves check_docs.py fails on what it is meant to catch: each case builds a small
repository (a source file and a Markdown file) in a temporary folder and runs the
checker on it as ctest runs it on the real README."""
import os
import subprocess
import sys
import tempfile
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_docs.py")

SOURCE = """\
#include "otel/trace/tracer.h"

void HandleDistanceRequest(int latitude) {
  auto span = tracer->start_as_current_span("calculating-iss-distance");
  CountIncomingRequest();

  spdlog::info("received request from IP address: {}", ip);
  if (latitude > 90) {
    span->set_status(StatusCode::kError, "bad latitude");
  }
}
"""


def fenced(code, before=""):
    return f"{before}\n\n```cpp\n{code}```\n" if before else f"```cpp\n{code}```\n"


class CheckDocsTest(unittest.TestCase):
    def run_checker(self, markdown, files=None, mode="--snippets"):
        with tempfile.TemporaryDirectory() as root:
            for path, text in (files or {"service/handler.cpp": SOURCE}).items():
                os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
                with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                    f.write(text)
            with open(os.path.join(root, "README.md"), "w", encoding="utf-8") as f:
                f.write(markdown)
            result = subprocess.run(
                [sys.executable, CHECKER, "--root", root, mode, "README.md"],
                capture_output=True, text=True, timeout=30)
            return result.returncode, result.stdout

    def assert_passes(self, markdown, **kwargs):
        status, output = self.run_checker(markdown, **kwargs)
        self.assertEqual(status, 0, output)

    def assert_fails(self, markdown, expected, **kwargs):
        status, output = self.run_checker(markdown, **kwargs)
        self.assertEqual(status, 1, output)
        self.assertIn(expected, output)

    # --- snippets ---------------------------------------------------------------

    def test_exact_snippet_passes_whatever_the_indentation(self):
        self.assert_passes(fenced(
            'auto span = tracer->start_as_current_span("calculating-iss-distance");\n'
            "    CountIncomingRequest();\n\n"
            'spdlog::info("received request from IP address: {}",   ip);\n'))

    def test_drifted_snippet_fails_and_names_the_line(self):
        # The span was renamed in the README but not in the code.
        self.assert_fails(
            fenced('auto span = tracer->start_as_current_span("calculate-distance");\n'),
            "'auto span = tracer->start_as_current_span(\"calculate-distance\");'")

    def test_lines_in_the_wrong_order_fail(self):
        self.assert_fails(fenced(
            "CountIncomingRequest();\n"
            'auto span = tracer->start_as_current_span("calculating-iss-distance");\n'),
            "found in no source file")

    def test_left_out_middle_line_fails_without_a_marker(self):
        self.assert_fails(fenced(
            'auto span = tracer->start_as_current_span("calculating-iss-distance");\n'
            'spdlog::info("received request from IP address: {}", ip);\n'),
            "found in no source file")

    def test_skip_marker_allows_left_out_lines(self):
        self.assert_passes(fenced(
            'auto span = tracer->start_as_current_span("calculating-iss-distance");\n'
            "// ...\n"
            'span->set_status(StatusCode::kError, "bad latitude");\n'))

    def test_named_file_must_hold_the_snippet(self):
        files = {"service/handler.cpp": SOURCE, "other/main.cpp": "int main() {}\n"}
        self.assert_passes(fenced("CountIncomingRequest();\n",
                                  "<!-- snippet: service/handler.cpp -->"), files=files)
        self.assert_fails(fenced("CountIncomingRequest();\n",
                                 "<!-- snippet: other/main.cpp -->"),
                          "snippet is not in other/main.cpp", files=files)
        self.assert_fails(fenced("CountIncomingRequest();\n",
                                 "<!-- snippet: service/gone.cpp -->"),
                          "does not exist", files=files)

    def test_lines_split_across_two_files_fail(self):
        files = {"a.cpp": "int first = 1;\n", "b.cpp": "int second = 2;\n"}
        self.assert_fails(fenced("int first = 1;\nint second = 2;\n"),
                          "found in no source file", files=files)

    def test_other_languages_are_not_checked(self):
        self.assert_passes("```sh\nscripts/made-up-command\n```\n")

    def test_exempt_block_is_not_checked(self):
        self.assert_passes(fenced("error: no member named 'x'\n", "<!-- snippet: none -->"))

    # --- links -------------------------------------------------------------------

    def test_existing_link_and_heading_pass(self):
        files = {"docs/guide.md": "# Guide\n\n## Section 1: metrics\n\n## Every `OTEL_*` variable\n",
                 "a.cpp": ""}
        self.assert_passes("[guide](docs/guide.md#section-1-metrics) [web](https://example.org)\n"
                           "[vars](docs/guide.md#every-otel_-variable)\n",
                           files=files, mode="--links")

    def test_missing_file_fails(self):
        self.assert_fails("see [the guide](docs/gone.md)\n", "docs/gone.md does not exist",
                          mode="--links")

    def test_missing_image_fails(self):
        self.assert_fails("![shot](docs/screenshots/none.png)\n", "does not exist",
                          mode="--links")

    def test_missing_heading_fails(self):
        files = {"docs/guide.md": "# Guide\n", "a.cpp": ""}
        self.assert_fails("[x](docs/guide.md#nowhere)\n", "no heading '#nowhere'",
                          files=files, mode="--links")
        self.assert_fails("# Top\n\n[x](#bottom)\n", "no heading '#bottom'", mode="--links")

    def test_links_inside_code_are_ignored(self):
        self.assert_passes("```md\n[x](gone.md)\n```\n`[y](gone.md)`\n", mode="--links")


    # --- setting names in prose --------------------------------------------------------

    def test_setting_names_must_exist_in_the_sources(self):
        files = {"service/settings.cpp": 'Setting("ISS_TLE_FILE", "");\n'}
        self.assert_passes("Set `ISS_TLE_FILE=/tmp/x.tle` or `PORT`.\n", files=files,
                           mode="--names")
        self.assert_fails("Set `ISS_ELEMENTS_FILE=/tmp/x.tle`.\n",
                          "ISS_ELEMENTS_FILE occurs in no source file", files=files,
                          mode="--names")
        # Built by the code from a prefix and a rest, both literals.
        files["otel/options.cpp"] = 'pick("OTEL_EXPORTER_OTLP_", "INSECURE");\n'
        self.assert_passes("`OTEL_EXPORTER_OTLP_INSECURE=true`\n", files=files, mode="--names")
        self.assert_fails("`OTEL_EXPORTER_OTLP_SECURE=true`\n", "OTEL_EXPORTER_OTLP_SECURE",
                          files=files, mode="--names")
        # A longer name is not found through a shorter one.
        self.assert_fails("Set `ISS_TLE_FILE_PATH`.\n", "ISS_TLE_FILE_PATH", files=files,
                          mode="--names")

    def test_commands_must_name_real_targets_scripts_and_settings(self):
        files = {"service/CMakeLists.txt": "add_executable(iss-distance-service main.cpp)\n",
                 "service/main.cpp": 'Setting("ISS_SOURCE", "tle");\n',
                 "scripts/demo": "#!/bin/sh\n"}
        good = ("```sh\nISS_SOURCE=live build/bin/iss-distance-service\n"
                "cmake --build build --target iss-distance-service\nscripts/demo\n```\n")
        self.assert_passes(good, files=files, mode="--names")
        self.assert_fails("Run `build/bin/iss-distance`.\n", "no CMake target iss-distance",
                          files=files, mode="--names")
        self.assert_fails("```sh\ncmake --build build --target iss-distance-service gone\n```\n",
                          "--target gone: no such CMake target", files=files, mode="--names")
        self.assert_fails("```sh\nscripts/demo-all\n```\n", "scripts/demo-all does not exist",
                          files=files, mode="--names")
        self.assert_fails("```sh\nISS_MODE=live build/bin/iss-distance-service\n```\n",
                          "ISS_MODE= sets a variable no source file reads", files=files,
                          mode="--names")

    # --- the environment variable table ----------------------------------------------

    def run_env_check(self, doc):
        files = {"otel/src/env.cpp": 'get("OTEL_SERVICE_NAME"); get("OTEL_BSP_SCHEDULE_DELAY");\n'
                                     'std::string prefix = "OTEL_EXPORTER_OTLP_";\n',
                 "docs/guide.md": doc}
        with tempfile.TemporaryDirectory() as root:
            for path, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
                with open(os.path.join(root, path), "w", encoding="utf-8") as f:
                    f.write(text)
            result = subprocess.run(
                [sys.executable, CHECKER, "--root", root, "--env-doc", "docs/guide.md",
                 "--env-source", "otel/src"], capture_output=True, text=True, timeout=30)
            return result.returncode, result.stdout

    def test_every_variable_read_is_documented(self):
        status, output = self.run_env_check(
            "| `OTEL_SERVICE_NAME` | |\n| `OTEL_BSP_SCHEDULE_DELAY` | 5000 |\n")
        self.assertEqual(status, 0, output)

    def test_undocumented_variable_fails(self):
        # OTEL_BSP_SCHEDULE_DELAY_MS is a different name: it does not count.
        status, output = self.run_env_check(
            "| `OTEL_SERVICE_NAME` | |\n| `OTEL_BSP_SCHEDULE_DELAY_MS` | 5000 |\n")
        self.assertEqual(status, 1, output)
        self.assertIn("OTEL_BSP_SCHEDULE_DELAY is read in otel/src but not documented", output)


if __name__ == "__main__":
    unittest.main(verbosity=2)
