"""Compiled templates shared by every Jinja environment of a build, and kept between builds.

Pelican gives each generator (articles, pages, events, council, news, ...) its own Jinja environment, so the
shipped theme's templates were parsed and compiled about 70 times per build: most of a build's time. Jinja's
bytecode cache stores each compiled template by its name and a checksum of its source: edit a template and it is
compiled again; otherwise every environment reuses the code, from memory within one process (the preview builds
many times) and from CACHE_PATH/jinja between processes.
"""

from __future__ import annotations

import os

from jinja2 import FileSystemBytecodeCache


class SharedBytecodeCache(FileSystemBytecodeCache):
    """FileSystemBytecodeCache with an in-memory layer, shared by all environments that use the same folder."""

    def __init__(self, directory: str):
        super().__init__(directory)
        self.memory: dict[str, tuple[str, object]] = {}

    def load_bytecode(self, bucket) -> None:
        remembered = self.memory.get(bucket.key)
        if remembered is not None and remembered[0] == bucket.checksum:
            bucket.code = remembered[1]
            return
        super().load_bytecode(bucket)  # leaves bucket.code None when the file is missing or out of date
        if bucket.code is not None:
            self.memory[bucket.key] = (bucket.checksum, bucket.code)

    def dump_bytecode(self, bucket) -> None:
        self.memory[bucket.key] = (bucket.checksum, bucket.code)
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower


_caches: dict[str, SharedBytecodeCache] = {}


def bytecode_cache(directory: str) -> SharedBytecodeCache:
    """The one cache for `directory` in this process (made on first use; the folder is created by Jinja)."""
    if directory not in _caches:
        try:
            os.makedirs(directory, exist_ok=True)
        except OSError:
            pass  # then every template is compiled once per process, from memory after that
        _caches[directory] = SharedBytecodeCache(directory)
    return _caches[directory]
