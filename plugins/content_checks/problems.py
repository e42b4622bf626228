"""One organizer mistake, and the shared list that every plugin adds its mistakes to."""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A mistake in a content or data file, shown as `path:line: field: what. How to fix.`"""

    path: str
    line: int | None
    field: str
    what: str
    fix: str

    def __lt__(self, other: "Problem") -> bool:
        # File, then line (a problem with no line first), then the rest: the order organizers read them in.
        return sort_key(self) < sort_key(other)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.what} {self.fix}".rstrip()


def sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.field, problem.what, problem.fix)


class ContentProblems(SystemExit):
    """Raised to stop the build after printing every problem; exit code 1, no traceback."""

    def __init__(self, problems: list[Problem]):
        super().__init__(1)
        self.problems = sorted(problems)


# Problems found by any plugin during this build; reported together so organizers fix all at once.
_collected: list[Problem] = []


def add(problem: Problem) -> None:
    _collected.append(problem)


def pending() -> list[Problem]:
    return list(_collected)


def clear() -> None:
    _collected.clear()


def stop_if_any(stream=None) -> None:
    """Print every collected problem and stop the build, or return when there are none.

    Raises ContentProblems (a SystemExit with code 1) when problems were collected.
    """
    problems = sorted(set(_collected))
    if not problems:
        return
    stream = stream or sys.stderr
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    stream.write(f"\nThe site was not built: {count} {noun} to fix.\n\n")
    for problem in problems:
        stream.write(f"{problem}\n")
    stream.write("\nFix the lines above, then run `make html` again.\n")
    stream.flush()
    # In GitHub Actions, also one annotation per problem on its file and line, and a job summary.
    # Workflow commands are read from standard output.
    from .github import report

    report(problems, sys.stdout)
    sys.stdout.flush()
    clear()
    raise ContentProblems(problems)
