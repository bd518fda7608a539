#!/usr/bin/python3
"""Keeps the docs true: C++ snippets are the real code, relative links lead somewhere.

Snippets: every ```cpp fenced block of the given Markdown files must be found in ONE
source file of the repository: its non-blank lines, whitespace-normalised, as a run
of consecutive non-blank lines of that file. A line that is only `// ...` (or `...`)
in the snippet skips any number of source lines, so a snippet may leave out the
middle of a function. Which file: the one named by an HTML comment
`<!-- snippet: path/from/repo/root -->` on the last non-blank line before the fence
(then only that file is tried), otherwise every source file of the repository is
searched. `<!-- snippet: none -->` exempts a block that is not code of this repo
(say, a compiler error); use it sparingly and say why next to it. The comment may go on
with `|`-separated clauses: `swap: A=B` says the guide shows A where the source has B
(the workshop's simple processors, which the solution has replaced by batch ones), and
`apply: FILE OP "TEXT" [within "TEXT"]` says where an attendee types the snippet into the
exercise (OP: before, after, replace or replace-block; tests/workshop/walkthrough.py
applies them, this checker only checks that FILE exists).

Links: every relative Markdown link `[text](target)` / `![alt](target)` in the given
files must name an existing file or folder (relative to the Markdown file), and a
`#fragment` into a Markdown file must match one of its headings (GitHub's slugs).

Environment variables: with `--env-doc FILE.md --env-source DIR`, every "OTEL_..."
string literal in DIR's sources (what the SDK reads) must be named in FILE.md, so the
SDK guide's configuration table cannot silently fall behind the code.

Settings named in prose: with `--names FILE.md ...`, every environment-variable-like
name in backticks (`ISS_TLE_FILE`, `OTEL_TRACES_EXPORTER=console`: upper case with an
underscore) must occur as a whole word in some source file or script of the repository,
so a renamed or invented setting in the README is caught. The same files' commands are
checked too: `build/bin/NAME` and `--target NAME ...` must be targets some CMakeLists.txt
adds, `scripts/NAME` must exist, and `NAME=value` in a shell block must occur in the code.

Usage: check_docs.py --root REPO [--snippets FILE.md ...] [--links FILE.md ...]
                     [--env-doc FILE.md --env-source DIR] [--names FILE.md ...]
Exit status 0 when everything holds, 1 with one line per problem otherwise.
"""
import argparse
import os
import re
import sys

SOURCE_SUFFIXES = (".cpp", ".cc", ".h", ".hpp", ".txt", ".cmake", ".sh", ".py")
SKIPPED_DIRS = {".git", "node_modules", "fixtures"}
SKIP_MARKERS = {"// ...", "..."}
FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([A-Za-z0-9_+-]*)")
SNIPPET_FILE = re.compile(r"<!--\s*snippet:\s*([^\s|]+)\s*((?:\|[^|]*?)*)-->")
APPLY = re.compile(r'^apply:\s*(\S+)\s+(before|after|replace-block|replace)\s+"([^"]+)"'
                   r'(?:\s+within\s+"([^"]+)")?\s*$')


class Apply:
    """Where the guide says a snippet goes in the exercise."""

    def __init__(self, path, operation, anchor, within):
        self.path, self.operation, self.anchor, self.within = path, operation, anchor, within


def snippet_clauses(annotation_tail):
    """(swaps [(shown, source)], applies [Apply], errors) of an annotation's clauses."""
    swaps, applies, errors = [], [], []
    for clause in (c.strip() for c in annotation_tail.split("|")):
        if not clause:
            continue
        if clause.startswith("swap:"):
            shown, _, source = clause[len("swap:"):].strip().partition("=")
            if not shown or not source:
                errors.append(f"bad swap clause {clause!r} (swap: SHOWN=SOURCE)")
            else:
                swaps.append((shown.strip(), source.strip()))
            continue
        match = APPLY.match(clause)
        if match:
            applies.append(Apply(*match.groups()))
        else:
            errors.append(f"bad clause {clause!r} (swap: A=B, or apply: FILE OP \"TEXT\" "
                          f"[within \"TEXT\"])")
    return swaps, applies, errors
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def normalise(line):
    return " ".join(line.split())


def code_blocks(markdown_lines):
    """Yields (language, first_line_number, body_lines, line_before_fence)."""
    i = 0
    while i < len(markdown_lines):
        match = FENCE.match(markdown_lines[i])
        if not match:
            i += 1
            continue
        fence, language, start = match.group(2), match.group(3).lower(), i
        before = ""
        for j in range(i - 1, -1, -1):
            if markdown_lines[j].strip():
                before = markdown_lines[j]
                break
        body = []
        i += 1
        while i < len(markdown_lines) and not markdown_lines[i].strip().startswith(fence):
            body.append(markdown_lines[i])
            i += 1
        yield language, start + 1, body, before
        i += 1


def outside_code(markdown_lines):
    """The lines of a Markdown file that are not inside fenced blocks (for links)."""
    inside, fence = False, ""
    for number, line in enumerate(markdown_lines, 1):
        match = FENCE.match(line)
        if match and (not inside or line.strip().startswith(fence)):
            inside, fence = (not inside), match.group(2)
            continue
        if not inside:
            yield number, line


def snippet_pieces(body):
    """The snippet as runs of normalised lines separated by skip markers."""
    pieces, current = [], []
    for line in body:
        text = normalise(line)
        if not text:
            continue
        if text in SKIP_MARKERS:
            pieces.append(current)
            current = []
        else:
            current.append(text)
    pieces.append(current)
    return [piece for piece in pieces if piece]


def find_run(haystack, needle, start):
    """First index >= start where needle is a consecutive run of haystack, or -1."""
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i:i + len(needle)] == needle:
            return i
    return -1


def matches(source_lines, pieces):
    position = 0
    for piece in pieces:
        found = find_run(source_lines, piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def longest_prefix(source_lines, pieces):
    """How many snippet lines (in order) match before the first miss: for messages."""
    flat = [line for piece in pieces for line in piece]
    best = 0
    for i in range(len(source_lines)):
        n = 0
        while i + n < len(source_lines) and n < len(flat) and source_lines[i + n] == flat[n]:
            n += 1
        best = max(best, n)
    return best, flat


class SourceTree:
    def __init__(self, root):
        self.root = root
        self._cache = {}
        self._all = None

    def lines(self, relative):
        if relative not in self._cache:
            path = os.path.join(self.root, relative)
            with open(path, encoding="utf-8", errors="replace") as f:
                normalised = (normalise(line) for line in f)
                self._cache[relative] = [line for line in normalised if line]
        return self._cache[relative]

    def all_files(self):
        if self._all is None:
            self._all = []
            for directory, dirs, files in os.walk(self.root):
                dirs[:] = sorted(d for d in dirs
                                 if d not in SKIPPED_DIRS and not d.startswith("build"))
                for name in sorted(files):
                    if name.endswith(SOURCE_SUFFIXES) or "." not in name:
                        path = os.path.join(directory, name)
                        self._all.append(os.path.relpath(path, self.root))
        return self._all


def check_snippets(markdown_path, tree, problems):
    with open(markdown_path, encoding="utf-8") as f:
        markdown_lines = f.read().splitlines()
    shown = os.path.relpath(markdown_path, tree.root)
    for language, line_number, body, before in code_blocks(markdown_lines):
        if language not in ("cpp", "c++"):
            continue
        pieces = snippet_pieces(body)
        where = f"{shown}:{line_number}"
        if not pieces:
            problems.append(f"{where}: empty cpp block")
            continue
        named = SNIPPET_FILE.search(before)
        if named and named.group(1) == "none":
            continue
        if named:
            relative = named.group(1)
            swaps, applies, errors = snippet_clauses(named.group(2))
            problems.extend(f"{where}: {error}" for error in errors)
            for apply in applies:
                if not os.path.isfile(os.path.join(tree.root, apply.path)):
                    problems.append(f"{where}: apply names {apply.path}, which does not exist")
            for shown, source in swaps:
                if not any(shown in line for piece in pieces for line in piece):
                    problems.append(f"{where}: swap {shown}={source}: the snippet has no {shown}")
                pieces = [[line.replace(shown, source) for line in piece] for piece in pieces]
            if not os.path.isfile(os.path.join(tree.root, relative)):
                problems.append(f"{where}: snippet names {relative}, which does not exist")
                continue
            source_lines = tree.lines(relative)
            if not matches(source_lines, pieces):
                matched, flat = longest_prefix(source_lines, pieces)
                problems.append(
                    f"{where}: snippet is not in {relative} (lines must appear there in order, "
                    f"consecutively unless separated by '// ...'); first line not found "
                    f"after {matched} matching: {flat[min(matched, len(flat) - 1)]!r}")
            continue
        if not any(matches(tree.lines(candidate), pieces) for candidate in tree.all_files()):
            best_file, best_count, flat = None, -1, []
            for candidate in tree.all_files():
                count, flat = longest_prefix(tree.lines(candidate), pieces)
                if count > best_count:
                    best_file, best_count = candidate, count
            problems.append(
                f"{where}: snippet found in no source file; closest is {best_file} "
                f"({best_count} of {len(flat)} lines in a row), which differs at: "
                f"{flat[min(best_count, len(flat) - 1)]!r}")


def github_slug(heading):
    text = heading.strip().lower()
    text = re.sub(r"`|<[^>]+>", "", text)  # code spans keep their text, "_" included
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(markdown_path):
    with open(markdown_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    seen, result = {}, set()
    for _, line in outside_code(lines):
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = github_slug(match.group(1))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


def check_links(markdown_path, root, problems):
    with open(markdown_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    shown = os.path.relpath(markdown_path, root)
    base = os.path.dirname(markdown_path)
    for number, line in outside_code(lines):
        line = re.sub(r"`[^`]*`", "", line)  # inline code is not a link
        for match in LINK.finditer(line):
            target = match.group(1)
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
                continue  # http:, https:, mailto: ...
            path, _, fragment = target.partition("#")
            resolved = os.path.normpath(os.path.join(base, path)) if path else markdown_path
            if not os.path.exists(resolved):
                problems.append(f"{shown}:{number}: link to {target}: {path} does not exist")
                continue
            if fragment and resolved.endswith(".md") and fragment not in anchors(resolved):
                problems.append(f"{shown}:{number}: link to {target}: no heading "
                                f"'#{fragment}' in {os.path.relpath(resolved, root)}")


def check_env_table(doc_path, source_dir, root, problems):
    with open(doc_path, encoding="utf-8") as f:
        documented = f.read()
    read = set()
    for directory, _, files in os.walk(source_dir):
        for name in files:
            if name.endswith((".cpp", ".h")):
                with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as f:
                    read.update(re.findall(r'"(OTEL_[A-Z0-9_]*[A-Z0-9])"', f.read()))
    if not read:
        problems.append(f"{os.path.relpath(source_dir, root)}: no OTEL_* variables found")
    for variable in sorted(read):
        if not re.search(r"(?<![A-Z0-9_])" + variable + r"(?![A-Z0-9_])", documented):
            problems.append(f"{os.path.relpath(doc_path, root)}: {variable} is read in "
                            f"{os.path.relpath(source_dir, root)} but not documented")


ENV_NAME = re.compile(r"(?<![A-Za-z0-9_])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?![A-Za-z0-9_])")


def composed(name, words):
    """A name the code builds from a literal prefix ending in "_" and a literal rest, as
    "OTEL_EXPORTER_OTLP_" + "CLIENT_KEY"."""
    return any(name.startswith(word) and name[len(word):] in words
               for word in words if word.endswith("_") and len(word) < len(name))


def cmake_targets(tree):
    targets = set()
    for candidate in tree.all_files():
        if candidate.endswith(("CMakeLists.txt", ".cmake")):
            text = " ".join(tree.lines(candidate))
            targets.update(re.findall(
                r"add_(?:executable|library|custom_target)\(\s*([A-Za-z0-9_.+-]+)", text))
    return targets


def shell_lines(markdown_lines):
    """(number, line) of the lines inside ```sh / ```bash / ```shell blocks."""
    for language, first, body, _ in code_blocks(markdown_lines):
        if language in ("sh", "bash", "shell", "console"):
            for offset, line in enumerate(body, 1):
                yield first + offset, line


def check_names(markdown_path, tree, problems):
    with open(markdown_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    shown = os.path.relpath(markdown_path, tree.root)
    words, targets = None, None

    def known_word(name):
        nonlocal words
        if words is None:
            words = set()
            for candidate in tree.all_files():
                words.update(re.findall(r"[A-Z][A-Z0-9_]*", " ".join(tree.lines(candidate))))
        return name in words or composed(name, words)

    def known_target(name):
        nonlocal targets
        if targets is None:
            targets = cmake_targets(tree)
        return name in targets

    for number, line in outside_code(lines):
        for code in re.findall(r"`([^`]+)`", line):
            for name in ENV_NAME.findall(code):
                if not known_word(name):
                    problems.append(f"{shown}:{number}: {name} occurs in no source file or script")
    for number, line in shell_lines(lines):
        for name in re.findall(r"(?<![\w/.-])([A-Z][A-Z0-9_]*)=", line):
            if not known_word(name):
                problems.append(f"{shown}:{number}: {name}= sets a variable no source file reads")
    for number, line in enumerate(lines, 1):
        for name in re.findall(r"(?<![\w/.-])build/bin/([A-Za-z0-9_-]+)", line):
            if not known_target(name):
                problems.append(f"{shown}:{number}: build/bin/{name}: no CMake target {name}")
        for group in re.findall(r"--target((?:\s+[A-Za-z0-9_.+-]+)+)", line):
            for name in group.split():
                if not known_target(name):
                    problems.append(f"{shown}:{number}: --target {name}: no such CMake target")
        for name in re.findall(r"(?<![\w/.-])scripts/([A-Za-z0-9_-]+)", line):
            if not os.path.isfile(os.path.join(tree.root, "scripts", name)):
                problems.append(f"{shown}:{number}: scripts/{name} does not exist")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--snippets", nargs="*", default=[])
    parser.add_argument("--links", nargs="*", default=[])
    parser.add_argument("--names", nargs="*", default=[])
    parser.add_argument("--env-doc")
    parser.add_argument("--env-source")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    tree = SourceTree(root)
    problems = []
    for path in args.snippets:
        check_snippets(os.path.join(root, path), tree, problems)
    for path in args.links:
        check_links(os.path.join(root, path), root, problems)
    for path in args.names:
        check_names(os.path.join(root, path), tree, problems)
    if args.env_doc and args.env_source:
        check_env_table(os.path.join(root, args.env_doc), os.path.join(root, args.env_source),
                        root, problems)
    for problem in problems:
        print(problem)
    checked = f"{len(args.snippets)} file(s) for snippets, {len(args.links)} for links"
    if problems:
        print(f"check_docs: {len(problems)} problem(s) in {checked}")
        return 1
    print(f"check_docs: OK ({checked})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
