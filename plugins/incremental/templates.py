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


# (template name, its source, the environment's extensions) -> (names it reads, templates it names): a template is
# parsed once per process, not once per environment (Pelican makes one environment per generator and edition,
# and the preview makes them again every build).
_parsed: dict[tuple, tuple[frozenset, tuple]] = {}
# (id of the environment, template name) -> names with every template it uses, for this environment only.
_names: dict[tuple, frozenset | None] = {}
_environments: dict[int, object] = {}   # keeps each environment alive while its id is a key above
_whole_context: dict[int, bool] = {}


def read_names(template) -> frozenset | None:
    """The context names a template can read, with every template it extends, includes or imports.

    None when that cannot be known: a template named by a variable, a filter or global function that is given
    the whole context (Jinja's pass_context), or a template that cannot be parsed here.
    """
    environment = getattr(template, "environment", None)
    name = getattr(template, "name", None)
    if environment is None or name is None:
        return None
    if id(environment) not in _environments:
        if len(_environments) > 256:   # a long preview session: forget old builds' environments
            _environments.clear()
            _names.clear()
            _whole_context.clear()
        _environments[id(environment)] = environment
        _whole_context[id(environment)] = _reads_whole_context(environment)
    if _whole_context[id(environment)]:
        return None
    try:
        return _names_of(environment, name, set())
    except Exception:  # any surprise (a loader without sources...): fall back to the whole context
        return None


def _reads_whole_context(environment) -> bool:
    from jinja2.utils import _PassArg

    # Jinja's own (map, select, gettext's `_`...) take the context only to find filters and translations.
    functions = [*environment.filters.values(), *environment.globals.values(), *environment.tests.values()]
    return any(_PassArg.from_obj(function) is _PassArg.context for function in functions
               if callable(function) and not getattr(function, "__module__", "").startswith("jinja2"))


def _parse(environment, name: str) -> tuple[frozenset, tuple]:
    from jinja2 import meta

    source, _filename, _uptodate = environment.loader.get_source(environment, name)
    key = (name, source, tuple(sorted(environment.extensions)))
    known = _parsed.get(key)
    if known is None:
        tree = environment.parse(source)
        known = _parsed[key] = (frozenset(meta.find_undeclared_variables(tree)),
                                tuple(meta.find_referenced_templates(tree)))
    return known


def _names_of(environment, name: str, visiting: set) -> frozenset | None:
    key = (id(environment), name)
    if key in _names:
        return _names[key]
    if name in visiting:
        return frozenset()
    visiting.add(name)
    direct, referenced_names = _parse(environment, name)
    names = set(direct)
    for referenced in referenced_names:
        if referenced is None:
            _names[key] = None
            return None
        inner = _names_of(environment, referenced, visiting)
        if inner is None:
            _names[key] = None
            return None
        names |= inner
    _names[key] = frozenset(names)
    return _names[key]
