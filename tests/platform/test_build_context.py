#!/usr/bin/python3
"""The Docker build context is enough for the Dockerfile's build stage.

Copies the repository as `docker build` would send it (the working tree minus
.dockerignore), then runs the build stage's CMake configure step on the copy
with the build stage's own arguments (docker/build-services), and checks that
every target it builds exists (both variants, and the checker's tools). Configure only: compiling is what the native build already proves."""

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

import dockerfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def copy_context(destination):
    patterns = dockerfile.dockerignore_patterns(REPO)
    copied = 0
    for root, dirs, files in os.walk(REPO):
        relative_root = os.path.relpath(root, REPO)
        relative_root = "" if relative_root == "." else relative_root
        dirs[:] = [d for d in dirs
                   if not dockerfile.is_ignored(os.path.join(relative_root, d), patterns)]
        for name in files:
            relative = os.path.join(relative_root, name)
            if dockerfile.is_ignored(relative, patterns):
                continue
            target = os.path.join(destination, relative)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copy2(os.path.join(REPO, relative), target)
            copied += 1
    return copied


class BuildContextTest(unittest.TestCase):
    def test_ignore_rules_keep_sources_and_drop_build_output(self):
        patterns = dockerfile.dockerignore_patterns(REPO)
        for kept in ("CMakeLists.txt", "scripts/setup", "otel/CMakeLists.txt",
                     "docker/build-services", "docker/check", "scripts/check-workshop",
                     "workshop/checker/workshop_run.py",
                     "frontend/templates/index.mustache", "docker/healthz"):
            self.assertFalse(dockerfile.is_ignored(kept, patterns), kept)
        for dropped in (".git/config", "build/bin/gateway", "build-platform/x",
                        "tests/node_modules/a/b.js", "tests/platform/CMakeLists.txt"):
            self.assertTrue(dockerfile.is_ignored(dropped, patterns), dropped)

    def test_context_configures_with_the_build_stages_cmake_arguments(self):
        # The build stages run docker/build-services; its configure line, as written.
        with open(os.path.join(REPO, "docker", "build-services"), encoding="utf-8") as f:
            line = next(l for l in f if l.startswith("cmake --preset "))
        # Without its shell variables (the optional ccache launcher).
        configure = [w for w in shlex.split(line.split(">")[0]) if not w.startswith("$")]
        self.assertIn("-DISS_BUILD_TESTS=OFF", configure)
        self.assertEqual(configure[1:3], ["--preset", "release"])
        wanted = subprocess.run(
            [os.path.join(REPO, "docker", "build-services"), "solution", "--check",
             "--print-targets"], capture_output=True, text=True, check=True).stdout.split()
        wanted += subprocess.run(
            [os.path.join(REPO, "docker", "build-services"), "exercise", "--print-targets"],
            capture_output=True, text=True, check=True).stdout.split()
        context = tempfile.mkdtemp(prefix="platform-context-")
        try:
            self.assertGreater(copy_context(context), 10)
            result = subprocess.run(configure, cwd=context, capture_output=True,
                                    text=True, timeout=120)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            targets = subprocess.run(["ninja", "-C", "build", "-t", "targets", "all"],
                                     cwd=context, capture_output=True, text=True,
                                     timeout=60)
            self.assertEqual(targets.returncode, 0, targets.stderr)
            names = {line.split(":")[0] for line in targets.stdout.splitlines()}
            for target in wanted:
                self.assertIn(target, names)
        finally:
            shutil.rmtree(context)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
