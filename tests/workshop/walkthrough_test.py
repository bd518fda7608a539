#!/usr/bin/python3
"""The workshop guide, followed to the letter: does every section end `all done`?

    walkthrough_test.py --root REPO --build BUILD_DIR --copy WALKTHROUGH_DIR --checker CHECKER

Copies the untouched exercise (REPO/workshop) to WALKTHROUGH_DIR/workshop, then for each
section of the README in order: types in that section's snippets where the guide says
(tests/workshop/walkthrough.py), builds the copy (CMake target `walkthrough`, binaries in
WALKTHROUGH_DIR/bin) and runs scripts/check-workshop for that section on the copy's
binaries. Every section must build and end `all done`. Finally the typed-in exercise must
be the solution: the same code lines, comments and #include order aside. Prints the
build and check time of each section.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)
import walkthrough  # noqa: E402

SECTIONS = ["0", "1", "2", "3", "4"]
# Exercise file -> the solution file it must end up as.
SOLUTIONS = {
    "workshop/iss-distance-service/main.cpp": "backend/iss-distance-service/main.cpp",
    "workshop/iss-distance-service/distance_handler.cpp":
        "backend/iss-distance-service/distance_handler.cpp",
    "workshop/gateway/main.cpp": "backend/gateway/main.cpp",
    "workshop/geolocator-service/main.cpp": "backend/geolocator-service/main.cpp",
    "workshop/geolocator-service/location_handler.cpp":
        "backend/geolocator-service/location_handler.cpp",
    "workshop/frontend/main.cpp": "frontend/main.cpp",
}


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--copy", required=True)
    parser.add_argument("--checker", required=True)
    return parser.parse_args()


def reset_copy(root, copy):
    target = os.path.join(copy, "workshop")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(os.path.join(root, "workshop"), target,
                    ignore=shutil.ignore_patterns("checker", "CMakeLists.txt", "__pycache__"))


def run(argv, timeout):
    started = time.monotonic()
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    return result, time.monotonic() - started


def checker_command(args, section):
    return [args.checker, section, "--bin-dir", os.path.join(args.copy, "bin")]


def link_tools(args):
    """The checker's tools beside the copy's binaries (--bin-dir names one directory)."""
    bin_dir = os.path.join(args.copy, "bin")
    os.makedirs(bin_dir, exist_ok=True)
    for tool in ("telemetry-viewer", "fake-iss-api"):
        link = os.path.join(bin_dir, tool)
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.join(args.build, "bin", tool), link)


def code_lines(path):
    """A file's code: no comments, blank lines or #includes (those are compared apart)."""
    lines, includes = [], set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = " ".join(line.split())
            if text.startswith("#include"):
                includes.add(text)
                continue
            text = re.sub(r"\s*//.*$", "", text)
            if text:
                lines.append(text)
    return lines, includes


def compare_with_solutions(args):
    problems = []
    for exercise, solution in SOLUTIONS.items():
        typed, typed_includes = code_lines(os.path.join(args.copy, exercise))
        wanted, wanted_includes = code_lines(os.path.join(args.root, solution))
        if typed != wanted:
            first = next((i for i, (a, b) in enumerate(zip(typed, wanted)) if a != b),
                         min(len(typed), len(wanted)))
            problems.append(f"{exercise} is not {solution} after the guide: line {first + 1} of "
                            f"the code is {typed[first] if first < len(typed) else '(end)'!r}, "
                            f"the solution has {wanted[first] if first < len(wanted) else '(end)'!r}")
        missing = {i for i in wanted_includes - typed_includes if '"otel/' in i}
        if missing:
            problems.append(f"{exercise}: the guide never adds {sorted(missing)}")
    return problems


def main():
    args = parse_args()
    readme = os.path.join(args.root, "README.md")
    reset_copy(args.root, args.copy)
    link_tools(args)
    failures, timings = [], []
    for section in SECTIONS:
        applied = walkthrough.apply_section(readme, args.copy, section)
        if not applied:
            failures.append(f"Section {section}: the guide has no step for it")
            continue
        build, build_seconds = run(["cmake", "--build", args.build, "--target", "walkthrough"],
                                   timeout=900)
        if build.returncode != 0:
            failures.append(f"Section {section}: the exercise does not build after the guide's "
                            f"{len(applied)} steps:\n{build.stdout[-4000:]}{build.stderr[-2000:]}")
            break
        check, check_seconds = run(checker_command(args, section), timeout=120)
        timings.append((section, len(applied), build_seconds, check_seconds))
        print(f"Section {section}: {len(applied)} steps typed in, built in {build_seconds:.0f} s, "
              f"checked in {check_seconds:.1f} s, checker exit {check.returncode}")
        if check.returncode != 0 or "all done" not in check.stdout:
            failures.append(f"Section {section}: the checker is not done after the guide's steps "
                            f"(exit {check.returncode}):\n{check.stdout}{check.stderr}")
    if not failures:
        failures += compare_with_solutions(args)
    total = sum(b + c for _, _, b, c in timings)
    print(f"build and check, all sections: {total:.0f} s")
    if failures:
        print("\n".join(["FAILED:"] + failures))
        return 1
    print("the guide, typed in section by section, ends every section 'all done' and gives "
          "the solution")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except walkthrough.WalkthroughError as error:
        print(f"FAILED: the guide cannot be applied: {error}")
        sys.exit(1)
