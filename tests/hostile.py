"""Helpers for the hostile-input tests: the real pipeline (`invoke refresh` -> `invoke build` -> scan of output/).

Sources are served by a real HTTP server on 127.0.0.1; refresh and build run as the commands organizers type.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, run_build

INVOKE = str(Path(sys.executable).parent / "invoke")
# Schemes that run code or smuggle a document when a link is followed.
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")
_LINK_ATTRIBUTE = re.compile(r"""\b(?:href|src|action|formaction|poster|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
                             re.IGNORECASE)


@dataclass
class Refresh:
    returncode: int
    output: str


def refresh_command(config: Path, *args: str, timeout: float = 120) -> Refresh:
    """Run `invoke refresh --config CONFIG` as an organizer would; return its exit code and printed report."""
    result = subprocess.run([INVOKE, "refresh", "--config", str(config), *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=timeout, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    return Refresh(result.returncode, result.stdout + result.stderr)


def write_config(folder: Path, sources: str, refresh_settings: str = "") -> Path:
    """A sources.toml in `folder` with snapshots and cache inside it, short timeouts, and the given [[source]]s."""
    path = folder / "sources.toml"
    path.write_text(f"""[refresh]
snapshot_dir = "snapshots"
cache_dir = "cache"
retries = 1
backoff = 0
read_timeout = 5
connect_timeout = 2
{refresh_settings}
{sources}""", encoding="utf-8")
    return path


def build_with(folder: Path, config: Path, now: str = "2023-05-10T09:00:00-04:00", content: Path | None = None):
    """`invoke build` with the council and news pages reading `config`'s snapshots."""
    return run_build(folder / "output", content=content, extra={
        "COUNCIL_SOURCES_FILE": str(config), "NEWS_SOURCES_FILE": str(config), "BUILD_NOW": now})


def link_values(output: Path):
    """(file, attribute value) for every link-carrying attribute in every built page."""
    for path in sorted(output.rglob("*.html")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in _LINK_ATTRIBUTE.finditer(text):
            yield path.relative_to(output), html.unescape(next(group for group in match.groups() if group is not None))


def active_links(output: Path) -> list[str]:
    """Every link in output/ a browser would run as script or open as a smuggled document, however it is hidden.

    Browsers drop tabs, newlines and other control characters inside a URL and ignore leading spaces, so they
    are removed before the scheme is compared. Calendar and feed files (.ics, .xml) are scanned as text too.
    """
    found = []
    for where, value in link_values(output):
        squeezed = "".join(char for char in value if char.isprintable() and not char.isspace()).lower()
        if squeezed.startswith(ACTIVE_SCHEMES):
            found.append(f"{where}: {value!r}")
    for path in sorted(list(output.rglob("*.ics")) + list(output.rglob("*.xml"))):
        unfolded = re.sub(r"\r?\n[ \t]", "", path.read_text(encoding="utf-8", errors="replace"))  # RFC 5545 3.1
        text = "".join(char for char in html.unescape(unfolded) if char not in "\t\r\n").lower()
        for scheme in ("javascript:", "vbscript:", "data:text/html"):
            if scheme in text:
                found.append(f"{path.relative_to(output)}: contains {scheme}")
    return found
