"""Write a file so that readers see the old file or the new one, never half of one. Knows nothing of Pelican.

Used for snapshots (durable: synced to disk, so a power cut leaves one version or the other) and for the build's
cache files (not synced: a lost cache only makes the next build slower). Builds that share one cache folder (two
previews, tests run in parallel) write the same names at the same time; a rename is atomic, a write is not.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    """The mode a rewritten file keeps: the old file's, or for a new file what open() would give (0666 - umask)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path | str, data: bytes | str, durable: bool = False) -> None:
    """Write `data` (text is written as UTF-8 with \\n line ends) to `path`, creating its folder.

    The file keeps its mode (mkstemp makes 0600 files). `durable`: sync the file and its folder before returning.
    Raises OSError when the file cannot be written.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
            out.flush()
            os.fchmod(out.fileno(), _mode_for(path))
            if durable:
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
