#!/usr/bin/python3
"""docker/Dockerfile against this repository: every file it copies exists and
reaches the build context, its build stages run only the repo's own scripts
(scripts/setup's lean `build` set, docker/build-services with the CMake release
preset on the VARIANT's targets), every runtime package exists in Debian 12, each
service image runs its contract binary as a non-root user on 0.0.0.0:5000, and
the check image runs scripts/check-workshop on its own binaries."""

import json
import os
import re
import subprocess
import sys
import unittest

import dockerfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DOCKERFILE = os.path.join(REPO, "docker", "Dockerfile")
SERVICES = ["frontend", "gateway", "geolocator-service", "iss-distance-service"]
SERVICE_FOLDER = {"frontend": "frontend", "gateway": "backend/gateway",
                  "geolocator-service": "backend/geolocator-service",
                  "iss-distance-service": "backend/iss-distance-service"}


def build_services(*args):
    """docker/build-services --print-targets: the CMake targets a build compiles."""
    out = subprocess.run([os.path.join(REPO, "docker", "build-services"), *args,
                          "--print-targets"], capture_output=True, text=True, check=True)
    return out.stdout.split()


def setup_packages(*sets):
    out = subprocess.run([os.path.join(REPO, "scripts", "setup"), "--print", *sets],
                         capture_output=True, text=True, check=True)
    return out.stdout.split()


class DockerfileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.args, stages = dockerfile.parse(DOCKERFILE)
        cls.stages = {stage.name: stage for stage in stages}
        cls.ignore = dockerfile.dockerignore_patterns(REPO)
        with open(DOCKERFILE, encoding="utf-8") as f:
            cls.text = f.read()

    def test_stages_use_debian_12(self):
        self.assertEqual(self.stages["sources"].base, "debian:bookworm")
        self.assertEqual(self.stages["build"].base, "sources")
        self.assertEqual(self.stages["build-check"].base, "sources")
        self.assertEqual(self.stages["runtime-base"].base, "debian:bookworm-slim")
        for service in SERVICES + ["check", "load"]:
            self.assertEqual(self.stages[service].base, "runtime-base", service)

    def test_no_syntax_directive(self):
        # `# syntax=` makes BuildKit pull its frontend image from Docker Hub.
        self.assertNotRegex(self.text, r"(?im)^#\s*syntax\s*=")

    def test_context_copies_exist_and_are_not_ignored(self):
        for name, stage in self.stages.items():
            for sources, from_stage in dockerfile.copy_sources(stage):
                if from_stage is not None:
                    self.assertIn(from_stage, self.stages, f"{name}: COPY --from")
                    continue
                for source in sources:
                    if source == ".":
                        continue
                    self.assertTrue(os.path.exists(os.path.join(REPO, source)),
                                    f"{name}: COPY {source} does not exist")
                    self.assertFalse(dockerfile.is_ignored(source, self.ignore),
                                     f"{name}: COPY {source} is in .dockerignore")

    def test_build_stages_run_only_repo_scripts_and_known_tools(self):
        self.assertEqual(dockerfile.run_commands(self.stages["sources"]),
                         [["scripts/setup", "build"]])
        self.assertEqual(dockerfile.run_commands(self.stages["build"]),
                         [["docker/build-services", "$VARIANT"]])
        self.assertEqual(dockerfile.run_commands(self.stages["build-check"]),
                         [["docker/build-services", "$VARIANT", "--check"]])
        for name in ("sources", "build", "build-check"):
            for words in dockerfile.run_commands(self.stages[name]):
                self.assertTrue(os.access(os.path.join(REPO, words[0]), os.X_OK), words[0])
        # Both compile in the one shared BuildKit cache mount on build/, with ccache's
        # directory in a second one (where CCACHE_DIR points).
        mounts = re.findall(r"--mount=(\S+)", self.text)
        self.assertEqual(mounts, ["type=cache,id=iss-build,target=/src/build,sharing=locked",
                                  "type=cache,id=iss-ccache,target=/root/.cache/ccache,"
                                  "sharing=locked"] * 2)
        for name in ("build", "build-check"):
            self.assertEqual(self.stages[name].env().get("CCACHE_DIR"), "/root/.cache/ccache")
        self.assertIn("ccache", setup_packages("build"))

    def test_variant_argument_defaults_to_the_exercise(self):
        for name in ("build", "build-check", "check"):
            self.assertIn("VARIANT=exercise", self.stages[name].args("ARG"), name)
        self.assertEqual(self.stages["check"].env().get("VARIANT"), "${VARIANT}")

    def test_the_build_stage_packages_are_only_what_compiling_needs(self):
        build = setup_packages("build")
        self.assertIn("build-essential", build)
        for heavy in ("chromium", "prometheus", "valgrind", "linux-perf", "wrk", "clang",
                      "libgtest-dev", "libbenchmark-dev", "python3", "docker-compose"):
            self.assertNotIn(heavy, build)
        # scripts/test still installs everything (the default set includes build).
        everything = setup_packages()
        self.assertTrue(set(build) <= set(everything))
        for tool in ("chromium", "prometheus", "valgrind", "linux-perf", "wrk", "python3"):
            self.assertIn(tool, everything)
        self.assertEqual(set(setup_packages("check")) - set(build), {"python3"})

    def test_build_script_uses_the_release_preset_without_tests_and_the_contract_targets(self):
        with open(os.path.join(REPO, "CMakePresets.json"), encoding="utf-8") as f:
            presets = json.load(f)
        release = next(p for p in presets["configurePresets"] if p["name"] == "release")
        # The preset builds into build/ (the cache mount).
        self.assertEqual(release["binaryDir"], "${sourceDir}/build")
        self.assertIn("release", {p["name"] for p in presets["buildPresets"]})
        with open(os.path.join(REPO, "docker", "build-services"), encoding="utf-8") as f:
            script = f.read()
        self.assertIn("cmake --preset release -DISS_BUILD_TESTS=OFF -DISS_BUILD_BENCHMARKS=OFF",
                      script)
        self.assertIn("cmake --build --preset release --target", script)
        with open(os.path.join(REPO, "CMakeLists.txt"), encoding="utf-8") as f:
            top = f.read()
        for option in ("ISS_BUILD_TESTS", "ISS_BUILD_BENCHMARKS"):
            self.assertRegex(top, rf"option\({option}\b", option)
        # Every build also makes Section 5's load generator (the `load` image).
        self.assertEqual(build_services("solution"), SERVICES + ["load-generator"])
        self.assertEqual(build_services("solution", "--check"),
                         SERVICES + ["load-generator", "telemetry-viewer", "fake-iss-api"])
        exercise = build_services("exercise")
        self.assertEqual(exercise, [f"workshop-{s}" for s in SERVICES] + ["load-generator"])
        self.assertIn("workshop-iss-distance-service", exercise)
        bad = subprocess.run([os.path.join(REPO, "docker", "build-services"), "final"],
                             capture_output=True, text=True)
        self.assertEqual(bad.returncode, 2)

    def test_each_target_is_an_executable_of_its_folder(self):
        folders = dict(SERVICE_FOLDER)
        folders.update({f"workshop-{s}": "workshop" for s in SERVICES})  # one CMakeLists
        folders.update({"telemetry-viewer": "telemetry-viewer",
                        "fake-iss-api": "backend/iss-distance-service",
                        "load-generator": "tools/load-generator"})
        for target in build_services("solution", "--check") + build_services("exercise"):
            path = os.path.join(REPO, folders[target], "CMakeLists.txt")
            with open(path, encoding="utf-8") as f:
                self.assertRegex(f.read(), rf"add_executable\(\s*{re.escape(target)}\b",
                                 path)

    def test_runtime_packages_exist_in_debian_12(self):
        wanted = {name: dockerfile.apt_installs(self.stages[name])
                  for name in ["runtime-base", "check", "load"] + SERVICES}
        known = dockerfile.apt_records(sorted({p for ps in wanted.values() for p in ps}))
        self.assertTrue(known, "apt-cache knows none of the packages")
        for name, packages in wanted.items():
            for package in packages:
                self.assertIn(package, known, f"{name}: no Debian package {package}")

    def test_service_images_run_the_binary_as_non_root_on_all_interfaces(self):
        base = self.stages["runtime-base"]
        self.assertEqual(base.env().get("HOST"), "0.0.0.0")
        self.assertEqual(base.env().get("PORT"), "5000")
        self.assertIn("5000", base.args("EXPOSE"))
        self.assertEqual(base.args("STOPSIGNAL"), ["SIGINT"])
        self.assertTrue(any("/usr/local/bin/healthz" in h for h in base.args("HEALTHCHECK")))
        # COPY keeps the file mode: the healthcheck script must be executable.
        self.assertTrue(os.access(os.path.join(REPO, "docker", "healthz"), os.X_OK))
        for service in SERVICES:
            stage = self.stages[service]
            user = stage.last_user() or base.last_user()
            self.assertNotIn(user, (None, "root", "0"), service)
            self.assertEqual(json.loads(stage.args("ENTRYPOINT")[-1]),
                             [f"/usr/local/bin/{service}"])
            copies = dockerfile.copy_sources(stage)
            self.assertIn(([f"/out/bin/{service}"], "build"), copies, service)
            self.assertEqual(stage.env().get("OTEL_SERVICE_NAME"), service)

    def test_check_image_runs_the_checker_on_its_own_binaries(self):
        check = self.stages["check"]
        self.assertIn("python3", dockerfile.apt_installs(check))
        # The libraries of every service it may run.
        for service in SERVICES:
            for package in dockerfile.apt_installs(self.stages[service]):
                self.assertIn(package, dockerfile.apt_installs(check), service)
        copies = dockerfile.copy_sources(check)
        self.assertIn((["/out/check/"], "build-check"), copies)
        self.assertIn((["scripts/check-workshop"], None), copies)
        self.assertIn((["workshop/checker"], None), copies)
        self.assertEqual(json.loads(check.args("ENTRYPOINT")[-1]), ["/workshop/docker/check"])
        self.assertEqual(check.args("HEALTHCHECK"), ["NONE"])
        self.assertNotIn(check.last_user(), (None, "root", "0"))
        self.assertTrue(os.access(os.path.join(REPO, "docker", "check"), os.X_OK))

    def test_runtime_stages_install_no_build_tools(self):
        for name in ["runtime-base", "check"] + SERVICES:
            for package in dockerfile.apt_installs(self.stages[name]):
                self.assertFalse(package.endswith("-dev") or package in
                                 {"build-essential", "cmake", "curl", "wget"},
                                 f"{name}: {package} does not belong in a runtime image")


class DockerRouteInCiTest(unittest.TestCase):
    """CI runs the Docker route on a real engine after the native tests, and a
    person (not an accident) skips it."""

    def test_ci_runs_test_docker_after_test(self):
        with open(os.path.join(REPO, ".ci", "run"), encoding="utf-8") as f:
            lines = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
        self.assertIn("scripts/test", lines)
        self.assertIn("scripts/test-docker", lines)
        self.assertLess(lines.index("scripts/test"), lines.index("scripts/test-docker"))
        self.assertIn("set -euo pipefail", lines)

    def test_skip_docker_is_explicit_and_says_so(self):
        script = os.path.join(REPO, "scripts", "test-docker")
        self.assertTrue(os.access(script, os.X_OK))
        result = subprocess.run([script], env=dict(os.environ, SKIP_DOCKER="1"),
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 0)
        self.assertIn("SKIPPED (SKIP_DOCKER=1)", result.stderr)
        with open(script, encoding="utf-8") as f:
            text = f.read()
        # Any other value runs it; no engine is a failure, not a skip.
        self.assertIn('if [ "${SKIP_DOCKER:-}" = 1 ]; then', text)
        self.assertIn('fail "no Docker engine could be started', text)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
