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


# Compiled templates of this process, shared by every cache folder: a language edition builds with its own
# CACHE_PATH (cache/es/...), but compiles the same templates with the same Jinja options. Keyed by the options that
# change the compiled code, the template's name and file (Jinja's bucket key) and its source's checksum.
_compiled: dict[tuple, object] = {}


def _options(environment) -> tuple:
    return (environment.block_start_string, environment.block_end_string, environment.variable_start_string,
            environment.variable_end_string, environment.comment_start_string, environment.comment_end_string,
            environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
            environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
            repr(environment.autoescape), environment.optimized, tuple(sorted(environment.extensions)),
            type(environment).__qualname__)


class SharedBytecodeCache(FileSystemBytecodeCache):
    """FileSystemBytecodeCache with an in-memory layer, shared by all environments of this process."""

    def load_bytecode(self, bucket) -> None:
        key = (_options(bucket.environment), bucket.key, bucket.checksum)
        remembered = _compiled.get(key)
        if remembered is not None:
            bucket.code = remembered
            return
        super().load_bytecode(bucket)  # leaves bucket.code None when the file is missing or out of date
        if bucket.code is not None:
            _compiled[key] = bucket.code

    def dump_bytecode(self, bucket) -> None:
        _compiled[(_options(bucket.environment), bucket.key, bucket.checksum)] = bucket.code
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


# (template name, its source, the environment's extensions) -> (names it reads, templates it names, what it reads of
# each name, see _uses): a template is
# parsed once per process, not once per environment (Pelican makes one environment per generator and edition,
# and the preview makes them again every build).
_parsed: dict[tuple, tuple[frozenset, tuple, dict]] = {}
# (id of the environment, template name) -> {name: attributes read or None} with every template it uses, for this
# environment only.
_names: dict[tuple, dict | None] = {}
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
        uses = _names_of(environment, name, set())
    except Exception:  # any surprise (a loader without sources...): fall back to the whole context
        return None
    return None if uses is None else frozenset(uses)


def read_uses(template) -> dict[str, frozenset | None] | None:
    """Like read_names, with what the templates read of each name: {name: attributes}, where the attributes are
    the names after a dot (`CAMPAIGN.menu`, `CAMPAIGN.link(...)`, `CAMPAIGN["menu"]`) and None means the value
    as a whole (passed to a macro or filter, looped over, assigned, compared...). None: the whole context."""
    if read_names(template) is None:
        return None
    return _names.get((id(template.environment), template.name))


def _reads_whole_context(environment) -> bool:
    from jinja2.utils import _PassArg

    # Jinja's own (map, select, gettext's `_`...) take the context only to find filters and translations.
    functions = [*environment.filters.values(), *environment.globals.values(), *environment.tests.values()]
    return any(_PassArg.from_obj(function) is _PassArg.context for function in functions
               if callable(function) and not getattr(function, "__module__", "").startswith("jinja2"))


def _parse(environment, name: str) -> tuple[frozenset, tuple, dict]:
    from jinja2 import meta

    source, _filename, _uptodate = environment.loader.get_source(environment, name)
    key = (name, source, tuple(sorted(environment.extensions)))
    known = _parsed.get(key)
    if known is None:
        tree = environment.parse(source)
        names = frozenset(meta.find_undeclared_variables(tree))
        known = _parsed[key] = (names, tuple(meta.find_referenced_templates(tree)), _uses(tree, names))
    return known


def _uses(tree, names) -> dict[str, frozenset | None]:
    """For each context name, the attributes read from it, or None when the value is used as a whole.

    Conservative: a name that a macro argument or a local variable shadows counts too (more attributes, or the
    whole value), never fewer."""
    from jinja2 import nodes

    uses: dict[str, set | None] = {name: set() for name in names}

    def visit(node) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Name) and child.name in uses and uses[child.name] is not None:
                if isinstance(node, nodes.Getattr) and node.node is child:
                    uses[child.name].add(node.attr)
                elif (isinstance(node, nodes.Getitem) and node.node is child and isinstance(node.arg, nodes.Const)
                      and isinstance(node.arg.value, str)):
                    uses[child.name].add(node.arg.value)
                else:
                    uses[child.name] = None
            visit(child)

    visit(tree)
    return {name: None if attributes is None else frozenset(attributes) for name, attributes in uses.items()}


def _names_of(environment, name: str, visiting: set) -> dict | None:
    key = (id(environment), name)
    if key in _names:
        return _names[key]
    if name in visiting:
        return {}
    visiting.add(name)
    _direct, referenced_names, direct_uses = _parse(environment, name)
    uses = dict(direct_uses)
    for referenced in referenced_names:
        if referenced is None:
            _names[key] = None
            return None
        inner = _names_of(environment, referenced, visiting)
        if inner is None:
            _names[key] = None
            return None
        for other, attributes in inner.items():
            if other not in uses:
                uses[other] = attributes
            elif uses[other] is None or attributes is None:
                uses[other] = None
            else:
                uses[other] = uses[other] | attributes
    _names[key] = uses
    return uses
