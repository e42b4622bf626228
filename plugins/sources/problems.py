"""The one shape of an organizer mistake, shared by every plugin: `path:line: field: what. How to fix.`

Plain Python in the base layer (plugins/sources imports nothing of Pelican or of another plugin), so the fetch
layer and every plugin report mistakes the same way. content_checks.problems re-exports it and keeps the list
of a build's problems.
"""

from __future__ import annotations

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
