"""The site-search step after a build: Pagefind indexes the built pages into <output>/pagefind/.

Used by `invoke build` and the preview. Pagefind writes its whole index on every run; it runs into a temporary
folder here and only the files whose bytes changed are copied into the built site (the others keep their times),
and files of an older index are removed. Plain Python (no Pelican).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .files import same_bytes

FOLDER = "pagefind"


def pagefind_command() -> list[str]:
    """The Pagefind binary itself when pagefind[bin] is installed (no second Python start), else `python -m`."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, FileNotFoundError, OSError):
        return [sys.executable, "-m", "pagefind"]


def index_search(output: str | os.PathLike, language: str | None = None) -> subprocess.CompletedProcess:
    """Index the built site at `output`. Returns Pagefind's result (check returncode; stderr says why).

    With no `language`, Pagefind makes one index per language from each page's <html lang>, and each language
    edition's search page searches its own; a language forces one index for every page.
    """
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="pagefind-") as temporary:
        fresh = Path(temporary) / FOLDER
        forced = ["--force-language", language] if language else []
        result = subprocess.run([*pagefind_command(), "--site", str(output), "--output-path", str(fresh),
                                 *forced, "--quiet"], capture_output=True, text=True)
        if result.returncode == 0:
            sync_folder(fresh, output / FOLDER)
    return result


def _stable_json(data: bytes) -> bytes:
    """Pagefind lists an index per language in an order that changes between runs: sort it, so an unchanged
    site gives the same bytes."""
    import json

    try:
        return json.dumps(json.loads(data), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        return data


def sync_folder(source: Path, target: Path) -> int:
    """Make `target` hold exactly the files of `source`, rewriting only those that differ; returns files written."""
    written = 0
    wanted = set()
    for path in source.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(source)
        wanted.add(relative)
        destination = target / relative
        data = path.read_bytes()
        if relative.name == "pagefind-entry.json":
            data = _stable_json(data)
        if not same_bytes(destination, data):
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
            written += 1
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):
            relative = path.relative_to(target)
            if path.is_file() and relative not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return written
