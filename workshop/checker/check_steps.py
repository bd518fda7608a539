"""The checker's report: a Section of Steps; how a telemetry value reads as text, and
whether a span failed.
Shared by workshop_checks.py (Sections 0-3) and section4_checks.py (Section 4)."""
import json


class Step:
    """One thing the checker looks for. A bonus step is shown and reported, but its
    section is done without it."""

    def __init__(self, done, text, hint="", bonus=False):
        self.done, self.text, self.hint, self.bonus = bool(done), text, hint, bonus


class Section:
    def __init__(self, number, title, steps):
        self.number, self.title, self.steps = number, title, steps

    @property
    def required(self):
        return [step for step in self.steps if not step.bonus]

    @property
    def bonus(self):
        return [step for step in self.steps if step.bonus]

    @property
    def done(self):
        return all(step.done for step in self.required)

    @property
    def complete(self):
        """Done, bonus steps included."""
        return all(step.done for step in self.steps)


def text_of(value):
    return value if isinstance(value, str) else json.dumps(value)


def is_error(span):
    code = span.get("status", {}).get("code")
    return code == 2 or "ERROR" in str(code).upper()
