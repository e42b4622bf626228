"""What was worked out from a file, remembered while the file stays the same. Knows nothing of Pelican.

The preview builds the site again after every save in one long-lived process, and each language edition reads
the same content folder: without this, every content file would be read and parsed several times per save.
A file counts as the same while its size and modification time (to the nanosecond) are; `make` runs again
otherwise. The result is shared: callers must not change it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")

_remembered: dict[tuple, tuple[tuple[int, int], object]] = {}


def per_file(path: str | os.PathLike, what: str, make: Callable[[], T], *extra: Hashable) -> T:
    """`make()`, or what it returned the last time for this file, `what` (a name for what `make` works out) and
    these `extra` values, while the file is unchanged. Raises OSError when the file cannot be read."""
    stat = os.stat(path)
    stamp = (stat.st_size, stat.st_mtime_ns)
    key = (os.fspath(path), what, *extra)
    known = _remembered.get(key)
    if known is None or known[0] != stamp:
        known = _remembered[key] = (stamp, make())
    return known[1]
