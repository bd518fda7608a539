#!/usr/bin/python3
"""docker/Dockerfile against this repository: every file it copies exists and
reaches the build context, its build stage runs only the repo's own setup script
and CMake preset, every runtime package exists in Debian 12, and each service
image runs its contract binary as a non-root user on 0.0.0.0:5000."""

import json
import os
import re
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
# Programs the build stage may call besides the repo's own scripts: the base
# image's coreutils and what scripts/setup installs (cmake, binutils' strip).
SYSTEM_COMMANDS = {"cmake", "mkdir", "cp", "strip", "true"}


class DockerfileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.args, stages = dockerfile.parse(DOCKERFILE)
        cls.stages = {stage.name: stage for stage in stages}
        cls.ignore = dockerfile.dockerignore_patterns(REPO)

    def test_stages_use_debian_12(self):
        self.assertEqual(self.stages["build"].base, "debian:bookworm")
        self.assertEqual(self.stages["runtime-base"].base, "debian:bookworm-slim")
        for service in SERVICES:
            self.assertEqual(self.stages[service].base, "runtime-base", service)

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

    def test_build_stage_runs_only_repo_scripts_and_known_tools(self):
        commands = dockerfile.run_commands(self.stages["build"])
        self.assertIn(["scripts/setup"], commands)
        for words in commands:
            program = words[0]
            if "/" in program:
                path = os.path.join(REPO, program)
                self.assertTrue(os.access(path, os.X_OK), f"{program} not executable")
            else:
                self.assertIn(program, SYSTEM_COMMANDS, f"unexpected {program}")

    def test_build_stage_uses_an_existing_cmake_preset_and_the_contract_targets(self):
        with open(os.path.join(REPO, "CMakePresets.json"), encoding="utf-8") as f:
            presets = json.load(f)
        configure = {p["name"] for p in presets["configurePresets"]}
        build = {p["name"]: p for p in presets["buildPresets"]}
        commands = dockerfile.run_commands(self.stages["build"])
        cmake_calls = [w for w in commands if w[0] == "cmake"]
        self.assertEqual(cmake_calls[0][1:3], ["--preset", "release"])
        self.assertIn("release", configure)
        self.assertEqual(cmake_calls[1][1:4], ["--build", "--preset", "release"])
        self.assertIn("release", build)
        targets = cmake_calls[1][cmake_calls[1].index("--target") + 1:]
        self.assertEqual(sorted(targets), sorted(SERVICES))
        # The preset builds into build/ (the cache mount and the cp source).
        self.assertEqual(
            next(p for p in presets["configurePresets"] if p["name"] == "release")
            ["binaryDir"], "${sourceDir}/build")
        with open(os.path.join(REPO, "CMakeLists.txt"), encoding="utf-8") as f:
            top = f.read()
        for option in ("ISS_BUILD_TESTS", "ISS_BUILD_BENCHMARKS"):
            self.assertRegex(top, rf"option\({option}\b", option)

    def test_each_service_target_is_an_executable_of_its_folder(self):
        for service in SERVICES:
            path = os.path.join(REPO, SERVICE_FOLDER[service], "CMakeLists.txt")
            with open(path, encoding="utf-8") as f:
                self.assertRegex(f.read(), rf"add_executable\(\s*{re.escape(service)}\b",
                                 path)

    def test_runtime_packages_exist_in_debian_12(self):
        wanted = {name: dockerfile.apt_installs(self.stages[name])
                  for name in ["runtime-base"] + SERVICES}
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

    def test_runtime_stages_install_no_build_tools(self):
        for name in ["runtime-base"] + SERVICES:
            for package in dockerfile.apt_installs(self.stages[name]):
                self.assertFalse(package.endswith("-dev") or package in
                                 {"build-essential", "cmake", "curl", "wget"},
                                 f"{name}: {package} does not belong in a runtime image")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
