"""Publish a built site: run the gate, then hand the site to one target. The command layer is in tasks.py."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sources.links import mask_credentials

from .config import Target
from .directory import DirectoryTarget
from .gate import GateResult
from .errors import PublishError
from .pages import PagesTarget
from .s3 import S3Target

# `invoke check` is the quality gate of issue 3 (HTML, accessibility, links, privacy, page weight).
DEFAULT_CHECK = ["{invoke}", "check", "--output", "{site}", "--settings", "publishconf.py"]


class PublishRefused(Exception):
    """The built site failed a check: nothing was sent, and the published site is unchanged."""

    def __init__(self, message: str = ""):
        super().__init__(mask_credentials(str(message)))


def symbolic_links(site: Path) -> list[str]:
    """"path -> target" for every symbolic link inside `site` (files and folders), without following any."""
    found = []
    for folder, folders, files in os.walk(site, followlinks=False):
        for name in sorted(folders + files):
            path = Path(folder) / name
            if path.is_symlink():
                found.append(f"{path.relative_to(site).as_posix()} -> {os.readlink(path)}")
    return sorted(found)


@dataclass
class Outcome:
    target: str
    dry_run: bool
    changes: object
    report: object


def make_target(target: Target, project_root: Path, siteurl: str | None):
    """The publisher object for a configured target."""
    if target.type == "s3":
        return S3Target.from_config(target)
    if target.type == "directory":
        return DirectoryTarget.from_config(target)
    if target.type == "github-pages":
        return PagesTarget.from_config(target, project_root, siteurl)
    raise ValueError(f"unknown target type {target.type!r}")


def check_command(configured: list[str] | None) -> list[str]:
    invoke = str(Path(sys.executable).parent / "invoke")
    return [word.replace("{invoke}", invoke).replace("{python}", sys.executable)
            for word in (configured or DEFAULT_CHECK)]


def refusal_message(failed: list[GateResult]) -> str:
    count = len(failed)
    lines = [f"Not published: the built site failed {count} check{'s' if count > 1 else ''}. "
             "The published site was not changed.", ""]
    for result in failed:
        lines.append(f"{result.name}:")
        lines.extend(f"  {line}" for line in (result.report or "failed, with no report.").splitlines())
        lines.append("")
    lines.append("Fix the problems above, then run `make publish` again.")
    return "\n".join(lines)


def publish_site(site: Path, publisher, checks: list[Callable[[], GateResult]], dry_run: bool = False,
                 say: Callable[[str], None] = print) -> Outcome:
    """Run every check on `site`; when all pass, publish it (or, with dry_run, only list the changes).

    Raises PublishRefused (with the organizer message) when a check fails, and PublishError when the target
    fails part-way; in both cases the live site is still whole.
    """
    if not (site / "index.html").is_file():
        raise PublishRefused(f"Not published: {site} has no index.html, so it is not a built site. "
                             "The published site was not changed. Run `make publish` to build and publish.")
    links = symbolic_links(site)
    if links:
        # Every target copies what a link points to: a link to a secrets file would be published as a page.
        raise PublishRefused("Not published: the built site contains symbolic links, and publishing would copy what "
                             "they point to. The published site was not changed.\n"
                             + "".join(f"  {link}\n" for link in links)
                             + f"The build never makes links: remove them from {site} (or run `make clean`), "
                               "find what put them there, and run `make publish` again.")
    failed = []
    for check in checks:
        result = check()
        say(f"check: {result.name}: {'passed' if result.passed else 'FAILED'}")
        if not result.passed:
            failed.append(result)
    if failed:
        raise PublishRefused(refusal_message(failed))

    say(f"{'Would publish' if dry_run else 'Publishing'} to {publisher.describe()}")
    report = publisher.publish(site, dry_run=dry_run)
    changes = report.changes
    if changes.empty:
        say("Nothing changed: nothing was sent.")
    else:
        for line in changes.lines():
            say(line)
        say(("Would change: " if dry_run else "Changed: ") + changes.summary())
    return Outcome(publisher.describe(), dry_run, changes, report)


__all__ = ["DEFAULT_CHECK", "PublishError", "PublishRefused", "check_command", "make_target", "publish_site"]
