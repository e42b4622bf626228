"""The files one build produced: write a file only when its bytes change, and remove what no build step made.

Plain Python (no Pelican), so every plugin that writes into the built site can use `write_if_changed`.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import time
from pathlib import Path

from sources.atomicfile import write_atomic

# Files written during the build but not through the writer or `write_if_changed` (another plugin's own
# open()) count as produced when their time is at least the build's start. File times come from a coarse
# kernel clock that may lag time.time_ns() by a few milliseconds, hence the margin.
CLOCK_MARGIN_NS = 20_000_000


class Produced:
    """What the current build wrote (or found already written with the same bytes)."""

    def __init__(self) -> None:
        self.paths: set[str] = set()
        self.started_ns = time.time_ns()
        self.written = 0
        self.unchanged = 0

    def reset(self) -> None:
        self.__init__()

    def add(self, path: str | os.PathLike, changed: bool) -> None:
        self.paths.add(os.path.abspath(path))
        if changed:
            self.written += 1
        else:
            self.unchanged += 1


produced = Produced()


def same_bytes(path: str | os.PathLike, data: bytes) -> bool:
    """True when `path` is a file holding exactly `data` (size first, so most changed files cost one stat)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as existing:
            return existing.read() == data
    except OSError:
        return False


def write_if_changed(path: str | os.PathLike, data: bytes | str) -> bool:
    """Write `data` (text is UTF-8) to `path` unless the file already holds it; record it as produced.

    Returns True when the file was written. An unchanged file keeps its bytes and modification time, so
    publishing and browsers see that it did not change.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    changed = not same_bytes(path, payload)
    if changed:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "wb") as target:
            target.write(payload)
    produced.add(path, changed)
    return changed


def copy_if_changed(source: str | os.PathLike, destination: str | os.PathLike) -> bool:
    """Copy a file unless the destination already has the same bytes; returns True when copied."""
    source_size = os.stat(source).st_size
    try:
        unchanged = os.stat(destination).st_size == source_size and Path(source).read_bytes() == Path(
            destination).read_bytes()
    except OSError:
        unchanged = False
    if not unchanged:
        shutil.copyfile(source, destination)
    produced.add(destination, not unchanged)
    return not unchanged


def restore_times(paths: list[str], record_file: str) -> int:
    """Give files another plugin rewrote with the same bytes (the sitemap) their earlier time back.

    `record_file` keeps path -> (size, mtime_ns, digest) of such files between builds. Returns files restored.
    """
    try:
        with open(record_file, "rb") as file:
            earlier = pickle.load(file)
    except (OSError, pickle.PickleError, EOFError, ValueError):
        earlier = {}
    now, restored = {}, 0
    for path in paths:
        try:
            data = Path(path).read_bytes()
            stat = os.stat(path)
        except OSError:
            continue
        digest = hashlib.blake2b(data, digest_size=16).digest()
        before = earlier.get(path)
        if before and before[0] == len(data) and before[2] == digest and before[1] < stat.st_mtime_ns:
            os.utime(path, ns=(stat.st_atime_ns, before[1]))
            now[path] = before
            restored += 1
        else:
            now[path] = (len(data), stat.st_mtime_ns, digest)
    if now != earlier:
        try:
            write_atomic(record_file, pickle.dumps(now))
        except OSError:
            pass
    return restored


def remove_stale(output: str | os.PathLike, keep_top: set[str], untracked: list[str] | None = None) -> list[str]:
    """Delete files under `output` that this build did not produce; return their paths relative to `output`.

    Files written during the build by code that does not report them are kept and added to `untracked`.

    `keep_top` names top-level entries that are never touched (OUTPUT_RETENTION, the search index, which is
    made after the build). Folders left empty are removed too.
    """
    root = os.path.abspath(output)
    removed: list[str] = []
    threshold = produced.started_ns - CLOCK_MARGIN_NS
    for folder, folders, files in os.walk(root, topdown=True):
        if folder == root:
            folders[:] = [name for name in folders if name not in keep_top]
            files = [name for name in files if name not in keep_top]
        for name in files:
            path = os.path.join(folder, name)
            if path in produced.paths:
                continue
            try:
                if os.lstat(path).st_mtime_ns >= threshold:
                    if untracked is not None:
                        untracked.append(path)
                    continue  # written during this build by code that does not report its files
                os.remove(path)
            except OSError:
                continue
            removed.append(os.path.relpath(path, root))
    for folder, _folders, _files in os.walk(root, topdown=False):
        if folder != root and folder[len(root) + 1:].split(os.sep)[0] not in keep_top:
            try:
                os.rmdir(folder)  # only succeeds when empty
            except OSError:
                pass
    return removed
