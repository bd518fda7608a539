#!/usr/bin/python3
"""The Docker build context is enough for the Dockerfile's build stage.

Copies the repository as `docker build` would send it (the working tree minus
.dockerignore), then runs the build stage's CMake configure step on the copy
with the Dockerfile's own arguments, and checks that the four service targets
exist. Configure only: compiling is what the native build already proves."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import dockerfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SERVICES = ["frontend", "gateway", "geolocator-service", "iss-distance-service"]


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
                     "frontend/templates/index.mustache", "docker/healthz"):
            self.assertFalse(dockerfile.is_ignored(kept, patterns), kept)
        for dropped in (".git/config", "build/bin/gateway", "build-platform/x",
                        "tests/node_modules/a/b.js", "tests/platform/CMakeLists.txt"):
            self.assertTrue(dockerfile.is_ignored(dropped, patterns), dropped)

    def test_context_configures_with_the_dockerfiles_cmake_arguments(self):
        _, stages = dockerfile.parse(os.path.join(REPO, "docker", "Dockerfile"))
        build = next(stage for stage in stages if stage.name == "build")
        cmake_calls = [w for w in dockerfile.run_commands(build) if w[0] == "cmake"]
        configure = cmake_calls[0]
        self.assertEqual(configure[1:3], ["--preset", "release"])
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
            for service in SERVICES:
                self.assertIn(service, names)
        finally:
            shutil.rmtree(context)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
