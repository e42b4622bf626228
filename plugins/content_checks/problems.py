"""The shared list that every plugin adds its organizer mistakes to. The mistake's shape is sources.problems."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from sources.problems import Problem, from_campaign, sort_key  # noqa: F401  (the one definition; re-exported)


class ContentProblems(SystemExit):
    """Raised to stop the build after printing every problem; exit code 1, no traceback."""

    def __init__(self, problems: list[Problem]):
        super().__init__(1)
        self.problems = sorted(problems)


# Problems found by any plugin during this build; reported together so organizers fix all at once.
_collected: list[Problem] = []
# The campaign folder this build reads (set by plugins/campaign): every problem names its file from there.
_folder: list = [None]


def set_campaign_folder(folder) -> None:
    _folder[0] = folder


def add(problem: Problem) -> None:
    _collected.append(problem)


def pending() -> list[Problem]:
    return [from_campaign(problem, _folder[0]) for problem in _collected]


def clear() -> None:
    _collected.clear()


def stop_if_any(stream=None) -> None:
    """Print every collected problem and stop the build, or return when there are none.

    Raises ContentProblems (a SystemExit with code 1) when problems were collected.
    """
    problems = sorted(set(pending()))
    if not problems:
        return
    # A file that cannot be read at all makes everything that uses it report mistakes too (a broken figures.toml:
    # every figure the home page names is "unknown"). Show only the unreadable files; the rest, if still there,
    # come back on the next build.
    unreadable = [problem for problem in problems if problem.unreadable]
    hidden = len(problems) - len(unreadable) if unreadable else 0
    problems = unreadable or problems
    stream = stream or sys.stderr
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    stream.write(f"\nThe site was not built: {count} {noun} to fix.\n\n")
    for problem in problems:
        stream.write(f"{problem}\n")
    if hidden:
        files = "file" if len({problem.path for problem in problems}) == 1 else "files"
        stream.write(f"\n{hidden} other {'problem was' if hidden == 1 else 'problems were'} found, most likely "
                     f"because of the {files} above that could not be read; they are shown again after you fix it.\n")
    stream.write("\nFix the lines above, then run `make html` again.\n")
    stream.flush()
    # In GitHub Actions, also one annotation per problem on its file and line, and a job summary.
    # Workflow commands are read from standard output; GitHub finds files from the repository (the current folder).
    from .github import report

    folder = _folder[0]
    report([from_campaign(replace(problem, path=str(Path(folder) / problem.path)), None)
            if folder is not None and problem.path and not Path(problem.path).is_absolute()
            and (Path(folder) / problem.path).exists() else problem for problem in problems], sys.stdout)
    sys.stdout.flush()
    clear()
    raise ContentProblems(problems)
