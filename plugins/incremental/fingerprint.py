"""Fingerprints of what a page is rendered from, so a rebuild can skip pages whose inputs did not change.

A page's key combines:
  - the site: every value in the template context (settings, every plugin's records, each content item's
    metadata, summary, address and neighbours), but not the bodies of content items;
  - the page itself: its template, its address and the values passed for it alone (for an update page, that
    update, body included);
  - for pages that list content (home, archives, tags, news, ...): the bodies of all content items too, in case
    a list shows one.
Of the site, a page counts only the context values its templates can read (templates.read_uses), and of an object
such as the campaign only the attributes they read, with what the code of a method or property they call reads of
it (`narrowed`): a data file held in a part of the campaign that no template reads directly (figures, council
data) changes only the pages that show it through their own context values (the home and numbers pages).
So a change to one update's text re-renders that update and the lists; a change to a title, a date, or the menu
re-renders every page that shows it; a setting or the theme's code re-renders everything. Plain Python (no Pelican).
"""

from __future__ import annotations

import ast
import builtins
import datetime as dt
import decimal
import enum
import functools
import hashlib
import inspect
import pathlib
import re
import textwrap
import types
from collections.abc import Mapping

# Per-page values, or Pelican's own bookkeeping that does not change what a page shows.
SKIPPED_KEYS = frozenset({"localsiteurl", "output_file", "_context", "generated_content", "static_content",
                          "static_links", "settings"})
# The text of a content item; the site fingerprint leaves it out (see the module docstring).
BODY_KEYS = frozenset({"_content"})
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
MAX_DEPTH = 12
_PLAIN_CONTAINERS = frozenset({dict, list, tuple})
CLOCK_WINDOW = dt.timedelta(minutes=10)


def _shown_summary(item) -> str:
    try:
        return str(item.summary)
    except Exception:  # a summary that cannot be made now will fail the render too; count the whole text then
        return str(getattr(item, "_content", ""))


def is_content(value) -> bool:
    """A Pelican content item (article, page, event page...): it has a source file and a body."""
    return hasattr(value, "source_path") and "_content" in getattr(value, "__dict__", {})


class Fingerprinter:
    """Hashes values deterministically; each object is walked once (by id) per instance.

    A content item met in a value counts by its own fields (its text left out) and by the fields of the items
    those fields name (its neighbours: previous and next, translations), so a list changes when an item's
    title changes, and an update page changes when its neighbour's title does.
    """

    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.timezone.utc)
        self._seen: dict[int, bytes] = {}        # normal walk
        self._seen_own: dict[int, bytes] = {}    # walk of one item's fields: other items by address only
        self._tokens: dict[int, bytes] = {}
        self._own: dict[int, tuple[bytes, list]] = {}
        self._neighbours: list | None = None
        self._keep: list = []   # objects hashed by id must live as long as this instance
        self._body_by_id: dict[int, bytes] = {}

    def digest(self, value, depth: int = 0) -> bytes:
        """The value's digest, with each content item in it counted by its fields (not its body)."""
        hasher = hashlib.blake2b(digest_size=16)
        self._feed(hasher, value, depth, False)
        return hasher.digest()

    def item_token(self, item) -> bytes:
        """An item's address, its own fields' digest and its neighbours' (sorted by address)."""
        token = self._tokens.get(id(item))
        if token is None:
            own, neighbours = self._own_digest(item)
            hasher = hashlib.blake2b(own, digest_size=16)
            others = {str(other.source_path): other for other in neighbours if other is not item}
            for path in sorted(others):
                hasher.update(path.encode("utf-8", "surrogatepass"))
                hasher.update(self._own_digest(others[path])[0])
            token = b"item:" + str(item.source_path).encode("utf-8", "surrogatepass") + b":" + hasher.digest()
            self._tokens[id(item)] = token
            self._keep.append(item)
        return token

    def _own_digest(self, item) -> tuple[bytes, list]:
        known = self._own.get(id(item))
        if known is None:
            fields = {key: entry for key, entry in vars(item).items() if key not in SKIPPED_KEYS and key not in BODY_KEYS}
            if "summary" not in (getattr(item, "metadata", None) or {}):
                # No Summary field: lists show the first words of the text, so those count as a field.
                fields["(summary shown)"] = _shown_summary(item)
            outer, self._neighbours = self._neighbours, []
            hasher = hashlib.blake2b(digest_size=16)
            try:
                self._feed(hasher, fields, 1, True)
                known = (hasher.digest(), self._neighbours)
            finally:
                self._neighbours = outer
            self._own[id(item)] = known
            self._keep.append(item)
        return known

    def _part(self, value, depth: int, own: bool) -> bytes:
        hasher = hashlib.blake2b(digest_size=16)
        self._feed(hasher, value, depth, own)
        return hasher.digest()

    def body_digest(self, item) -> bytes:
        known = self._body_by_id.get(id(item))
        if known is None:
            text = getattr(item, "_content", None) or ""
            known = hashlib.blake2b(str(text).encode("utf-8", "surrogatepass"), digest_size=16).digest()
            self._body_by_id[id(item)] = known
            self._keep.append(item)
        return known

    def _feed(self, hasher, value, depth: int, own: bool) -> None:  # noqa: C901 - one branch per kind of value
        update = hasher.update
        if isinstance(value, str):  # first: most values are (about 70,000 per preview rebuild)
            data = value.encode("utf-8", "surrogatepass")
            update(b"s%d:" % len(data))
            update(data)
            return
        if value is None or isinstance(value, bool | int | float | decimal.Decimal | complex):
            update(f"{type(value).__name__}:{value!r};".encode())
            return
        if isinstance(value, bytes | bytearray):
            update(b"b%d:" % len(value))
            update(bytes(value))
            return
        if isinstance(value, dt.datetime) and value.tzinfo is not None and abs(value - self.now) < CLOCK_WINDOW:
            # The build's own clock ("now", read by plugins that split coming from past): counted to the hour,
            # like the theme and code digest, so pages are not all rendered again because a second passed.
            # What plugins work out from it (coming or past, deadlines) is hashed exactly where they store it.
            update(b"clock;")
            return
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
            update(f"t:{value!r}".encode())
            return
        if isinstance(value, pathlib.PurePath | enum.Enum):
            update(f"p:{value!r};".encode())
            return
        if depth > MAX_DEPTH:
            update(f"deep:{type(value).__qualname__};".encode())
            return
        # Plain dicts, lists and tuples (most of the rest) skip the tests below that only other objects can pass;
        # Mapping is an abstract class, slow to test.
        plain = type(value) in _PLAIN_CONTAINERS
        if not plain and is_content(value):
            if own:
                # Inside an item's own fields another item counts by its address (and as a neighbour).
                if self._neighbours is not None:
                    self._neighbours.append(value)
                update(b"ref:" + str(value.source_path).encode("utf-8", "surrogatepass") + b";")
            else:
                update(self.item_token(value))
            return
        seen = self._seen_own if own else self._seen
        known = seen.get(id(value))
        if known is not None:
            update(known)
            return
        if not plain and isinstance(getattr(type(value), "slug", None), property) and hasattr(value, "_slug"):
            # A tag, category or author: its slug is worked out on first use and then stored, so hash the
            # values it shows rather than what happens to be stored yet.
            update(f"w:{type(value).__qualname__}:{value.name}:{value.slug};".encode("utf-8", "surrogatepass"))
            return
        inner = hashlib.blake2b(digest_size=16)
        seen[id(value)] = b"cycle;"  # a value met again while walking itself
        self._keep.append(value)
        if type(value) is dict or not plain and isinstance(value, Mapping):
            inner.update(b"{")
            for key, item in value.items():
                if isinstance(key, str) and key in SKIPPED_KEYS:
                    continue
                self._feed(inner, key, depth + 1, own)
                self._feed(inner, item, depth + 1, own)
            inner.update(b"}")
        elif plain or isinstance(value, list | tuple):
            inner.update(b"[")
            for item in value:
                self._feed(inner, item, depth + 1, own)
            inner.update(b"]")
        elif isinstance(value, set | frozenset):
            parts = sorted(self._part(item, depth + 1, own) for item in value)
            inner.update(b"<" + b"".join(parts) + b">")
        elif callable(value) and not hasattr(value, "__dict__") or type(value).__name__ in ("function", "method",
                                                                                           "builtin_function_or_method"):
            inner.update(f"fn:{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')};".encode())
        elif hasattr(value, "__dict__") and not isinstance(value, type):
            inner.update(f"o:{type(value).__module__}.{type(value).__qualname__}".encode())
            self._feed(inner, {key: item for key, item in vars(value).items() if key not in SKIPPED_KEYS},
                       depth + 1, own)
        elif hasattr(value, "__slots__"):
            inner.update(f"o:{type(value).__qualname__}".encode())
            for slot in type(value).__slots__:
                self._feed(inner, getattr(value, slot, None), depth + 1, own)
        else:
            inner.update(_ADDRESS.sub("", repr(value)).encode("utf-8", "surrogatepass"))
        digest = inner.digest()
        seen[id(value)] = digest
        update(digest)


class _Missing:
    def __repr__(self) -> str:
        return "<no such attribute>"


_MISSING = _Missing()


def narrowed(value, attributes):
    """What templates can see of `value` when they read only `attributes` of it (`CAMPAIGN.menu`, ...).

    Returns a plain dict of those attributes' values (each hashed whole), or `value` itself when that cannot be
    known: the templates use the value as a whole, it is a content item or a list, or an attribute is a method
    or property whose code reads the object in a way we cannot follow. A method or property counts by the
    attributes of the object its code reads (`self.pages` for `link()`), so a data file held in another
    attribute (the campaign's parts) does not change pages that never read it.
    """
    if attributes is None or value is None or is_content(value) or isinstance(value, type):
        return value
    if isinstance(value, Mapping):
        # Jinja reads `mapping.key` as an attribute first: a key named like a method (items, get) is the method.
        if any(hasattr(type(value), name) for name in attributes):
            return value
        return {"(mapping)": type(value).__qualname__,
                **{name: value.get(name, _MISSING) for name in sorted(attributes)}}
    if not hasattr(value, "__dict__") or isinstance(value, list | tuple | set | frozenset | types.ModuleType):
        return value
    fields = vars(value)
    read: set[str] = set()
    for name in attributes:
        if name in fields:
            read.add(name)
            continue
        inner = _attributes_code_reads(type(value), name)
        if inner is None:
            return value
        read |= inner
    shown = {"(object)": f"{type(value).__module__}.{type(value).__qualname__}"}
    for name in sorted(read):
        if name in fields:
            shown[name] = fields[name]
        else:  # a class attribute that holds data (not code)
            member = inspect.getattr_static(type(value), name, _MISSING)
            shown[name] = member if not callable(member) and not isinstance(member, property) else "(code)"
    return shown


_SAFE_GLOBALS = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type, str, int, float, bool,
                 bytes, frozenset, tuple, type(None), enum.Enum, re.Pattern)


@functools.cache
def _attributes_code_reads(cls: type, name: str, visiting: frozenset = frozenset()) -> frozenset | None:
    """The instance attributes the method or property `name` of `cls` reads through `self` (following the
    methods and properties it calls on `self`); a class attribute that is data counts as itself. None when
    unknown: `self` passed on or returned whole, `super()`, code without source, or a module-level dict, list or
    set read (state the object's own fields do not show)."""
    member = inspect.getattr_static(cls, name, _MISSING)
    if member is _MISSING:
        return frozenset()  # Jinja shows an undefined value: nothing of the object is read
    if isinstance(member, property):
        function = member.fget
    elif isinstance(member, functools.cached_property):
        function = member.func
    elif isinstance(member, types.FunctionType):
        function = member
    elif isinstance(member, staticmethod | classmethod) or callable(member):
        return None
    else:
        return frozenset({name})  # a class attribute holding data
    if name in visiting:
        return frozenset()
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    definition = tree.body[0] if tree.body else None
    if not isinstance(definition, ast.FunctionDef | ast.AsyncFunctionDef) or not definition.args.args:
        return None
    me = definition.args.args[0].arg
    parents = {child: node for node in ast.walk(definition) for child in ast.iter_child_nodes(node)}
    read: set[str] = set()
    for node in ast.walk(definition):
        if not isinstance(node, ast.Name) or node is definition:
            continue
        if node.id == me:
            parent = parents.get(node)
            if parent is definition.args or isinstance(parent, ast.arguments):
                continue
            if not (isinstance(parent, ast.Attribute) and parent.value is node):
                return None  # self used whole
            attribute = parent.attr
            inner = inspect.getattr_static(cls, attribute, _MISSING)
            if inner is _MISSING or not (isinstance(inner, property | functools.cached_property | types.FunctionType
                                                    | staticmethod | classmethod) or callable(inner)):
                read.add(attribute)  # an instance field (or a class attribute holding data)
                continue
            followed = _attributes_code_reads(cls, attribute, visiting | {name})
            if followed is None:
                return None
            read |= followed
        elif node.id == "super":
            return None
        elif isinstance(node.ctx, ast.Load) and not hasattr(builtins, node.id):
            found = function.__globals__.get(node.id, _MISSING)
            if found is not _MISSING and not isinstance(found, _SAFE_GLOBALS):
                return None  # module-level state (a registry dict...): not visible in the object's fields
    return frozenset(read)
