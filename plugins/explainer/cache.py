"""A small file cache for the slow parts (beat map, share pictures), keyed by everything they are made from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sources.atomicfile import write_atomic


def key(*parts: bytes | str) -> str:
    """A hex digest of the inputs; change any input (or the code that uses it) and the key changes."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def source_of(module_file: str) -> bytes:
    return Path(module_file).read_bytes()


def read(folder: Path, name: str) -> bytes | None:
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write(folder: Path, name: str, data: bytes) -> None:
    """Write atomically: builds running at the same time never see half a file."""
    try:
        write_atomic(folder / name, data)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower
