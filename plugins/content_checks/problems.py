"""The shared list that every plugin adds its organizer mistakes to. The mistake's shape is sources.problems."""

from __future__ import annotations

import sys

from sources.problems import Problem, sort_key  # noqa: F401  (the one definition; re-exported for plugins)


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
