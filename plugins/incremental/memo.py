"""What each page was rendered from in the last build (its fingerprint), kept in CACHE_PATH between builds."""

from __future__ import annotations

import hashlib
import os
import pickle

from sources.atomicfile import write_atomic

MEMO_FILE = "incremental-pages.pickle"
_memos: dict[str, "RenderMemo"] = {}


class RenderMemo:
    """Page path -> (fingerprint, size, mtime_ns) of the file built from it. Survives builds in one process."""

    def __init__(self, path: str):
        self.path = path
        self.pending: dict[str, bytes] = {}
        try:
            with open(path, "rb") as file:
                self.entries: dict[str, tuple[bytes, int, int]] = pickle.load(file)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            self.entries = {}
        self.saved = dict(self.entries)

    def reuse(self, path: str, key: bytes) -> str | None:
        """The text of the file built last time from the same fingerprint, or None when it must be rendered."""
        entry = self.entries.get(os.path.abspath(path))
        if entry is None or entry[0] != key:
            return None
        try:
            stat = os.stat(path)
            if (stat.st_size, stat.st_mtime_ns) != entry[1:]:
                return None  # changed since (by hand, or by another build): render it again
            with open(path, encoding="utf-8") as file:
                return file.read()
        except (OSError, UnicodeDecodeError):
            return None

    def commit(self) -> None:
        """After a build that finished: remember each page's fingerprint with its file's size and time."""
        for path, key in self.pending.items():
            try:
                stat = os.stat(path)
            except OSError:
                continue
            self.entries[path] = (key, stat.st_size, stat.st_mtime_ns)
        self.entries = {path: entry for path, entry in self.entries.items() if path in self.pending}
        self.pending = {}
        if self.entries != self.saved:
            try:
                write_atomic(self.path, pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL))
                self.saved = dict(self.entries)
            except OSError:
                pass  # without the memo the next build renders every page, as Pelican does


def render_memo(settings) -> RenderMemo:
    """The memo for this build's cache folder and output folder (one per process, loaded once)."""
    name = hashlib.blake2b(os.path.abspath(settings["OUTPUT_PATH"]).encode(), digest_size=8).hexdigest()
    path = os.path.join(settings["CACHE_PATH"], f"{name}-{MEMO_FILE}")
    if path not in _memos:
        _memos[path] = RenderMemo(path)
    return _memos[path]


def tree_digest(folders) -> bytes:
    """A digest of every file's path and bytes under `folders` (the theme, the plugins' code)."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for base, dirs, files in os.walk(folder or os.devnull):
            dirs[:] = sorted(name for name in dirs if name != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".tmp")):
                    continue
                path = os.path.join(base, name)
                hasher.update(os.path.relpath(path, folder).encode("utf-8", "surrogatepass"))
                try:
                    with open(path, "rb") as file:
                        hasher.update(file.read())
                except OSError:
                    continue
    return hasher.digest()
