"""Helpers for the publishing tests: a real S3-compatible server on 127.0.0.1, site builds, link checks."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from conftest import run_build

SITEURL = "https://heart.example.org"
MOTO_SERVER = Path(sys.executable).parent / "moto_server"


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto_server() -> tuple[subprocess.Popen, str]:
    """moto's S3 in server mode on a free loopback port; returns the process and its endpoint URL."""
    for _attempt in range(5):
        port = free_port()
        process = subprocess.Popen([str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return process, f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.1)
        process.kill()
        process.wait()
    raise RuntimeError("moto_server did not start")


def build_public_site(tmp: Path, name: str, content: Path) -> Path:
    """Build `content` the way `make publish` does (publishconf.py, strict) into tmp/name."""
    build = run_build(tmp / name, content=content, settings="publishconf.py", env={"SITEURL": SITEURL})
    assert build.returncode == 0, build.messages
    return build.output


def change_one_update(content: Path) -> str:
    """Edit the body of one update (not its title, date or summary); return the address of its page."""
    path = content / "updates" / "2025-06-16-budget-adds-heart-staff.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nWe will post the next budget hearing here.\n",
                    encoding="utf-8")
    return "updates/new-city-budget-adds-17-heart-staff-but-not-247-service-yet/"


_LINK = re.compile(r'(?:href|src)="([^"#?]+)[^"]*"')


def local_references(key: str, html: str) -> set[str]:
    """Keys of the files a page links to inside the site (relative links), `folder/` as `folder/index.html`."""
    found = set()
    base = PurePosixPath(key).parent
    for link in _LINK.findall(html):
        if re.match(r"^[a-z][a-z0-9+.-]*:", link) or link.startswith("//"):
            continue
        parts = []
        for part in (PurePosixPath("/") / link).parts[1:] if link.startswith("/") else (base / link).parts:
            if part == "..":
                if parts:
                    parts.pop()
            elif part not in (".", ""):
                parts.append(part)
        target = "/".join(parts)
        if link.endswith("/") or target == "":
            target = f"{target}/index.html".lstrip("/")
        found.add(target)
    return found


@dataclass
class PublicSites:
    first: Path  # the shipped content
    again: Path  # the same content, built again
    changed: Path  # after one update's text changed
    changed_url: str  # the address of that update's page
    next: Path  # one update nothing links to removed, one added

