"""A small Dockerfile reader: stages, their instructions, and .dockerignore.

Enough of the Dockerfile syntax for our own docker/Dockerfile: comments, line
continuations with a trailing backslash, `FROM image AS name`, `ARG` defaults
used in FROM, and the JSON (exec) form of ENTRYPOINT/CMD/HEALTHCHECK.
"""

import fnmatch
import os
import re
import shlex
import subprocess


class Stage:
    def __init__(self, base, name):
        self.base = base
        self.name = name
        self.instructions = []  # (KEYWORD, argument text)

    def args(self, keyword):
        return [text for key, text in self.instructions if key == keyword]

    def env(self):
        values = {}
        for text in self.args("ENV"):
            for key, value in re.findall(r"(\w+)=(\"[^\"]*\"|\S+)", text):
                values[key] = value.strip('"')
        return values

    def last_user(self):
        users = self.args("USER")
        return users[-1].strip() if users else None


def logical_lines(text):
    """Instruction lines with continuations joined and comments dropped."""
    lines, current = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if current and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append(current + stripped)
        current = ""
    if current:
        lines.append(current)
    return lines


def parse(path):
    """Returns ({arg: default}, [Stage]) for the Dockerfile at path."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    global_args, stages = {}, []
    for line in logical_lines(text):
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        rest = rest.strip()
        if keyword == "FROM":
            image = re.sub(r"\$\{(\w+)\}", lambda m: global_args.get(m.group(1), ""),
                           rest)
            match = re.fullmatch(r"(\S+)(?:\s+AS\s+(\S+))?", image, re.IGNORECASE)
            stages.append(Stage(match.group(1), match.group(2)))
        elif not stages and keyword == "ARG":
            name, _, default = rest.partition("=")
            global_args[name] = default
        elif stages:
            stages[-1].instructions.append((keyword, rest))
    return global_args, stages


def run_commands(stage):
    """The shell commands of a stage's RUN instructions, split at && and ;."""
    commands = []
    for text in stage.args("RUN"):
        text = re.sub(r"--mount=\S+\s*", "", text)
        for part in re.split(r"&&|;|\|\|", text):
            words = shlex.split(part)
            if words:
                commands.append(words)
    return commands


def copy_sources(stage):
    """(sources, from_stage) for each COPY of a stage; from_stage is None for
    the build context."""
    copies = []
    for text in stage.args("COPY"):
        words = shlex.split(text)
        from_stage = None
        while words and words[0].startswith("--"):
            flag = words.pop(0)
            if flag.startswith("--from="):
                from_stage = flag.split("=", 1)[1]
        copies.append((words[:-1], from_stage))
    return copies


def dockerignore_patterns(context):
    path = os.path.join(context, ".dockerignore")
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f
                if line.strip() and not line.strip().startswith("#")]


def is_ignored(relative_path, patterns):
    """True when relative_path (or one of its parents) matches a pattern."""
    parts = relative_path.strip("/").split("/")
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth])
        for pattern in patterns:
            pattern = pattern.strip("/")
            if pattern.startswith("**/"):
                if fnmatch.fnmatch(parts[depth - 1], pattern[3:]):
                    return True
            elif fnmatch.fnmatch(prefix, pattern):
                return True
    return False


def apt_installs(stage):
    """Packages a stage installs with apt-get install."""
    packages = []
    for words in run_commands(stage):
        if words[:2] == ["apt-get", "install"]:
            packages += [w for w in words[2:] if not w.startswith("-")]
    return packages


def apt_records(packages):
    """{package: {field: value}} for the candidate versions in the local apt
    cache (no network); a package apt does not know is absent from the result."""
    if not packages:
        return {}
    out = subprocess.run(["apt-cache", "show", "--no-all-versions", *packages],
                         capture_output=True, text=True, check=False)
    records = {}
    for block in out.stdout.split("\n\n"):
        fields = dict(re.findall(r"^([\w-]+): (.*)$", block, re.MULTILINE))
        if "Package" in fields:
            records[fields["Package"]] = fields
    return records
