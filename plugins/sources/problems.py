"""The one shape of an organizer mistake, shared by every plugin: `path:line: field: what. How to fix.`

Every file in a message is named from the campaign folder (`content/pages/home.md`, `data/site.toml`), whatever
folder the build runs from: `shown_path` says how, and the build's list of problems (content_checks.problems) applies it
to every problem it prints, so one place decides.

Plain Python in the base layer (plugins/sources imports nothing of Pelican or of another plugin), so the fetch
layer and every plugin report mistakes the same way. content_checks.problems re-exports it and keeps the list
of a build's problems.
"""

from __future__ import annotations

import os
from functools import lru_cache
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """A mistake in a content or data file, shown as `path:line: field: what. How to fix.`"""

    path: str
    line: int | None
    field: str
    what: str
    fix: str
    # The whole file could not be read (not UTF-8, not valid TOML): what depends on it reports mistakes that are
    # only echoes of this one, so the build shows the unreadable files alone (content_checks.problems).
    unreadable: bool = False

    def __lt__(self, other: "Problem") -> bool:
        # File, then line (a problem with no line first), then the rest: the order organizers read them in.
        return sort_key(self) < sort_key(other)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.what} {self.fix}".rstrip()


def sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.field, problem.what, problem.fix)


def shown_path(path: str | Path, folder: str | Path | None = None) -> str:
    """How a file is named in an organizer message: from the campaign `folder` (the current folder when None), like
    "content/pages/home.md". A relative `path` is taken from the current folder; a path outside the campaign, or a
    name that is not a file (BUILD_NOW), is left as given."""
    return _shown_path(str(path), str(folder) if folder is not None else None, os.getcwd())


@lru_cache(maxsize=100_000)
def _shown_path(path: str, folder: str | None, cwd: str) -> str:
    # Remembered: resolving a path asks the file system about every folder in it, and a large site names tens of
    # thousands of files per build (each news item, in each edition).
    given = Path(path)
    full = given if given.is_absolute() else Path(cwd) / given
    try:
        return full.resolve().relative_to(Path(folder or cwd).resolve()).as_posix()
    except (ValueError, OSError):
        return path


def from_campaign(problem: Problem, folder: str | Path | None) -> Problem:
    """The problem with its file named from the campaign folder (see `shown_path`)."""
    if not problem.path or folder is None:
        return problem
    path = shown_path(problem.path, folder)
    return problem if path == problem.path else replace(problem, path=path)
