#!/usr/bin/python3
"""What a service's runtime image holds, worked out from docker/Dockerfile and
Debian's package data on this machine (no Docker, no network).

  runtime_image.py sizes [--bin-dir build/bin]
      estimated uncompressed size of each service image
  runtime_image.py check-libs SERVICE BINARY
      every shared library BINARY loads (ldd) must come from a package the
      service's image installs, their dependencies, or the minimal base
"""

import argparse
import os
import re
import subprocess
import sys

import dockerfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DOCKERFILE = os.path.join(REPO, "docker", "Dockerfile")
SERVICES = ["frontend", "gateway", "geolocator-service", "iss-distance-service"]


def service_packages(service, dockerfile_path=DOCKERFILE):
    """Packages apt installs for a service: the shared base plus its own stage."""
    _, stages = dockerfile.parse(dockerfile_path)
    by_name = {stage.name: stage for stage in stages}
    packages, name = [], service
    while name in by_name:  # walk FROM chains up to the Debian image
        packages += dockerfile.apt_installs(by_name[name])
        name = by_name[name].base
    return sorted(set(packages))


def _first_choices(apt_depends_output):
    """{package: [dependencies]} from `apt-cache depends` output, taking only the
    first choice of each `a | b` group (apt installs the first one it can) and,
    for a virtual package, its first provider."""
    deps, package, skip_next, want_provider = {}, None, False, False
    for line in apt_depends_output.splitlines():
        if not line.startswith(" "):
            package, skip_next, want_provider = line.strip(), False, False
            deps.setdefault(package, [])
            continue
        if line.startswith("    "):  # a provider of the virtual package above
            if want_provider:
                deps[package].append(line.strip())
                want_provider = False
            continue
        match = re.match(r" ([ |])(?:Pre)?Depends: (\S+)", line)
        if not match:
            continue
        alternative_follows, name = match.group(1) == "|", match.group(2)
        if not skip_next:
            if name.startswith("<"):
                want_provider = True
            else:
                deps[package].append(name)
        skip_next = alternative_follows or (skip_next and alternative_follows)
    return deps


def dependency_closure(packages):
    """The packages plus everything they Depend/Pre-Depend on, recursively,
    following the first choice of each alternative (one apt-cache call: its
    --recurse output has a block for every package reachable from the roots)."""
    out = subprocess.run(
        ["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
         "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances",
         *sorted(packages)], capture_output=True, text=True, check=True)
    dependencies = _first_choices(out.stdout)
    closure, frontier = set(), set(packages)
    while frontier:
        closure |= frontier
        frontier = {d for p in frontier for d in dependencies.get(p, [])} - closure
    return closure


def minimal_base():
    """The seed of a minbase Debian (what debian:bookworm-slim is built from):
    the Essential and Priority-required packages, as this machine's dpkg
    database lists them. Their dependency closure over-approximates the slim
    image (it follows some alternatives slim does not install), which only
    matters for sizes: it may undercount the libraries an image adds."""
    out = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package}\t${Essential}\t${Priority}\n"],
        capture_output=True, text=True, check=True)
    base = set()
    for line in out.stdout.splitlines():
        package, essential, priority = line.split("\t")
        if essential == "yes" or priority == "required":
            base.add(package)
    return base


def installed_size_kib(packages):
    records = dockerfile.apt_records(sorted(packages))
    return {p: int(records[p].get("Installed-Size", 0)) for p in records}


def library_packages(binary):
    """{resolved library path: owning Debian package or None} for ldd's output."""
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True)
    candidates = {}
    for path in re.findall(r"=>\s+(/\S+)", out.stdout):
        names = {path, os.path.realpath(path)}
        for p in list(names):  # usrmerge: dpkg may list /lib or /usr/lib
            if p.startswith("/usr/lib/"):
                names.add(p[len("/usr"):])
            elif p.startswith("/lib/"):
                names.add("/usr" + p)
        candidates[path] = names
    # One dpkg -S for every candidate (it prints the ones it finds, one a line:
    # "package[:arch][, other]: /path").
    every = sorted({n for names in candidates.values() for n in names})
    found = subprocess.run(["dpkg", "-S", *every], capture_output=True, text=True,
                           check=False) if every else None
    owner_of = {}
    for line in found.stdout.splitlines() if found else []:
        owners, _, path = line.partition(": ")
        owner_of[path.strip()] = owners.split(",")[0].split(":")[0].strip()
    return {path: next((owner_of[n] for n in sorted(names) if n in owner_of), None)
            for path, names in candidates.items()}


def check_libs(service, binary, dockerfile_path=DOCKERFILE):
    available = (dependency_closure(service_packages(service, dockerfile_path))
                 | minimal_base())
    problems = []
    for path, owner in sorted(library_packages(binary).items()):
        if owner is None:
            problems.append(f"{path}: from no Debian package (not in the image)")
        elif owner not in available:
            problems.append(f"{path}: package {owner} is not installed in the "
                            f"{service} image (add it to docker/Dockerfile)")
        else:
            print(f"ok  {owner:28} {path}")
    for problem in problems:
        print(f"MISSING  {problem}", file=sys.stderr)
    return 1 if problems else 0


# debian:bookworm-slim as published for amd64 (uncompressed); not measurable here.
SLIM_BASE_MB = 74.8


def sizes(bin_dir):
    base = dependency_closure(minimal_base())
    print(f"base debian:bookworm-slim: ~{SLIM_BASE_MB} MB (published size, amd64)")
    shared = None
    for service in SERVICES:
        extra = dependency_closure(service_packages(service)) - base
        extra_kib = installed_size_kib(extra)
        shared = set(extra) if shared is None else shared & set(extra)
        binary = os.path.join(bin_dir, service) if bin_dir else None
        binary_mb = (os.path.getsize(binary) / 1e6
                     if binary and os.path.exists(binary) else None)
        libs_mb = sum(extra_kib.values()) * 1024 / 1e6
        shown = f"{binary_mb:.1f} MB" if binary_mb is not None else "not built"
        print(f"{service:22} adds {libs_mb:5.1f} MB of libraries "
              f"({len(extra_kib)} packages: {' '.join(sorted(extra_kib))}); "
              f"binary {shown} (size in {bin_dir}, before strip); "
              f"image ~{SLIM_BASE_MB + libs_mb + (binary_mb or 0):.0f} MB")
    shared_mb = sum(installed_size_kib(shared).values()) * 1024 / 1e6
    print(f"shared by all four images (one layer on disk): {shared_mb:.1f} MB")
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    size_cmd = commands.add_parser("sizes")
    size_cmd.add_argument("--bin-dir", default=os.path.join(REPO, "build", "bin"))
    libs_cmd = commands.add_parser("check-libs")
    libs_cmd.add_argument("service", choices=SERVICES + ["load"])  # load: Section 5's image
    libs_cmd.add_argument("binary")
    args = parser.parse_args(argv)
    if args.command == "sizes":
        return sizes(args.bin_dir)
    if not os.path.isfile(args.binary):
        print(f"runtime_image: {args.binary} is not a file (build it first)",
              file=sys.stderr)
        return 2
    return check_libs(args.service, args.binary)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
