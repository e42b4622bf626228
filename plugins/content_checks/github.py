"""Organizer problems as GitHub Actions output: one `::error` annotation per problem and a job summary.

Only used when the build runs in GitHub Actions (`GITHUB_ACTIONS=true`). The annotations put each message
on the exact file and line of a pull request's "Files changed" view; the summary says the same in plain
words on the run's page. Workflow command syntax and escaping:
https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from .problems import Problem


def in_github_actions(environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return environ.get("GITHUB_ACTIONS", "").lower() == "true"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: Problem) -> str:
    """`::error file=PATH,line=N,title=FIELD::what. fix` for one problem (no line when the file has none)."""
    properties = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        properties.append(f"line={int(problem.line)}")
    title = f"{problem.field}: needs a fix" if problem.field else "Needs a fix"
    properties.append(f"title={_escape_property(title)}")
    message = f"{problem.field}: {problem.what} {problem.fix}" if problem.field else f"{problem.what} {problem.fix}"
    return f"::error {','.join(properties)}::{_escape_data(message.strip())}"


def summary(problems: list[Problem]) -> str:
    """The job summary in plain words (Markdown): how many problems, then each one with where it is."""
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    files = sorted({problem.path for problem in problems})
    lines = [
        "## The site was not built",
        "",
        f"The build found {count} {noun} in {len(files)} {'file' if len(files) == 1 else 'files'}. "
        "Each one is also marked on its line under **Files changed**. Fix them all, then save (commit) again: "
        "this check runs by itself after every change.",
        "",
    ]
    for problem in problems:
        where = f"`{problem.path}`, line {problem.line}" if problem.line else f"`{problem.path}`"
        field = f"**{problem.field}**: " if problem.field else ""
        lines.append(f"- {where}: {field}{_markdown_text(problem.what)} {_markdown_text(problem.fix)}".rstrip())
    return "\n".join(lines) + "\n"


def _markdown_text(text: str) -> str:
    # Organizer messages quote values; keep Markdown from reading them as markup or HTML.
    return text.replace("<", "&lt;").replace(">", "&gt;")


def report(problems: Iterable[Problem], stream, environ: Mapping[str, str] | None = None) -> None:
    """Write annotations to `stream` and append the summary to $GITHUB_STEP_SUMMARY, when in GitHub Actions."""
    environ = os.environ if environ is None else environ
    problems = sorted(problems)
    if not problems or not in_github_actions(environ):
        return
    for problem in problems:
        stream.write(annotation(problem) + "\n")
    summary_path = environ.get("GITHUB_STEP_SUMMARY", "")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary_file:
            summary_file.write(summary(problems))
