#!/usr/bin/python3
"""The README's workshop guide as an attendee types it.

Every C++ block of the guide names where it goes in the exercise, in its snippet comment:

    <!-- snippet: SOLUTION | apply: FILE OP "ANCHOR" [within "TEXT"] | ... -->

OP is `before` or `after` (insert the block next to the first line containing ANCHOR),
`replace` (that line becomes the block) or `replace-block` (that line and the rest of the
brace-balanced block it opens, e.g. a whole function, become the block). `within` starts
the search for ANCHOR at the first line containing TEXT. The block takes the anchor
line's indentation (after a line: the next line's). A `swap:` clause is for the snippet check only: the guide's text is
what the attendee types.

    walkthrough.py steps README.md                 # list the steps, section by section
    walkthrough.py apply README.md ROOT SECTION    # apply one section's steps to the
                                                   # exercise copy under ROOT (ROOT/workshop/...)
    walkthrough.py fixture README.md REPO OUT FILE SKIP
                      # REPO/FILE with every step of the guide for it but those whose
                      # anchor contains SKIP, written to OUT/FILE: an attendee's mistake
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "docs"))
import check_docs  # noqa: E402  (tests/docs/check_docs.py: the annotation's grammar)

SECTION_HEADING = re.compile(r"^###\s+Section\s+(\d+)\b")


class Step:
    def __init__(self, section, line_number, body, apply):
        self.section, self.line_number, self.body, self.apply = section, line_number, body, apply

    def __str__(self):
        a = self.apply
        within = f' within "{a.within}"' if a.within else ""
        return (f"Section {self.section}, README line {self.line_number}: {a.path} "
                f'{a.operation} "{a.anchor}"{within}')


class WalkthroughError(Exception):
    pass


def steps(readme_path):
    """Every apply clause of the guide, in the guide's order, with its section."""
    with open(readme_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    headings = {}
    for number, line in enumerate(lines):
        match = SECTION_HEADING.match(line)
        if match:
            headings[number] = match.group(1)
    found = []
    for language, line_number, body, before in check_docs.code_blocks(lines):
        named = check_docs.SNIPPET_FILE.search(before)
        if language not in ("cpp", "c++") or not named:
            continue
        _, applies, errors = check_docs.snippet_clauses(named.group(2))
        if errors:
            raise WalkthroughError(f"README line {line_number}: {errors[0]}")
        section = None
        for heading_line in sorted(headings):
            if heading_line < line_number:
                section = headings[heading_line]
        for apply in applies:
            if section is None:
                raise WalkthroughError(f"README line {line_number}: apply outside a section")
            found.append(Step(section, line_number, body, apply))
    return found


def dedent(body):
    lines = [line.rstrip() for line in body]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    margin = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return [line[margin:] for line in lines]


def block_end(lines, start):
    """The index of the line that closes the brace block opened at or after `start`."""
    depth, opened = 0, False
    for index in range(start, len(lines)):
        for char in lines[index]:
            if char == "{":
                depth, opened = depth + 1, True
            elif char == "}":
                depth -= 1
        if opened and depth <= 0:
            return index
    raise WalkthroughError(f"no end of the block that starts at: {lines[start].strip()!r}")


def operation_keeps_anchor(step):
    return step.apply.operation in ("before", "after")


def apply_step(root, step):
    path = os.path.join(root, step.apply.path)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = 0
    if step.apply.within:
        start = next((i for i, line in enumerate(lines) if step.apply.within in line), -1)
        if start < 0:
            raise WalkthroughError(f"{step}: no line contains {step.apply.within!r}")
    anchor = next((i for i in range(start, len(lines)) if step.apply.anchor in lines[i]), -1)
    if anchor < 0:
        raise WalkthroughError(f"{step}: no line contains {step.apply.anchor!r}")
    # The block takes the indentation of the line it goes before, or replaces; after a
    # line, that of the next line (the anchor may be a function signature's last line).
    model = anchor
    if step.apply.operation == "after":
        model = next((i for i in range(anchor + 1, len(lines)) if lines[i].strip()), anchor)
    indent = lines[model][:len(lines[model]) - len(lines[model].lstrip())]
    block = [indent + line if line else "" for line in dedent(step.body)]
    if operation_keeps_anchor(step) and len(block) > 1 and block[-1].strip() == "}":
        block.append("")  # a function inserted before the next one: a blank line between
    operation = step.apply.operation
    if operation == "before":
        lines[anchor:anchor] = block
    elif operation == "after":
        lines[anchor + 1:anchor + 1] = block
    elif operation == "replace":
        lines[anchor:anchor + 1] = block
    else:  # replace-block
        lines[anchor:block_end(lines, anchor) + 1] = block
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def apply_section(readme_path, root, section):
    applied = [step for step in steps(readme_path) if step.section == section]
    for step in applied:
        apply_step(root, step)
    return applied


def make_fixture(readme_path, repo, out, relative, skip):
    """The exercise file as an attendee who left out the steps anchored at `skip` has it."""
    os.makedirs(os.path.dirname(os.path.join(out, relative)), exist_ok=True)
    with open(os.path.join(repo, relative), encoding="utf-8") as f:
        text = f.read()
    with open(os.path.join(out, relative), "w", encoding="utf-8") as f:
        f.write(text)
    chosen = [step for step in steps(readme_path)
              if step.apply.path == relative and skip not in step.apply.anchor]
    if len(chosen) == len([step for step in steps(readme_path) if step.apply.path == relative]):
        raise WalkthroughError(f"no step for {relative} is anchored at {skip!r}")
    for step in chosen:
        apply_step(out, step)
    return chosen


def main(argv):
    if len(argv) == 3 and argv[1] == "steps":
        for step in steps(argv[2]):
            print(step)
        return 0
    if len(argv) == 5 and argv[1] == "apply":
        for step in apply_section(argv[2], argv[3], argv[4]):
            print(f"applied: {step}")
        return 0
    if len(argv) == 7 and argv[1] == "fixture":
        make_fixture(*argv[2:])
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except WalkthroughError as error:
        sys.stderr.write(f"walkthrough: {error}\n")
        sys.exit(1)
