"""The table of source types. Add a type by registering a fetch function; nothing else needs to change.

Interface for adapter authors:

    from sources.registry import Option, FetchResult, SourceError, register_source_type

    def fetch_feed(source, client):
        # source: sources.config.SourceConfig (source.name, source.url, source.options["..."], source.mapping)
        # client: sources.http.HttpClient (client.get(url, params) -> Response; raises FetchError)
        response = client.get(source.url)
        records = [...]                        # list of JSON-ready dicts, in a stable order
        if not records_look_right:
            raise SourceError("the feed has no <item> or <entry> elements")   # plain words, no traceback
        return FetchResult(records=records, source_url=response.url, not_modified=response.not_modified,
                           etag=response.etag, last_modified=response.last_modified, meta={"title": ...})

    register_source_type(
        "feed", fetch_feed,
        description="An RSS, Atom or JSON Feed.",
        options={"max_items": Option(int, help="Keep at most this many items.", example="20")},
        needs_url=True,            # the common `url` key is required (default True)
        allow_empty=False,         # may an empty answer replace a snapshot? (default False)
        check=None,                # optional check(options) -> [(key, what, fix)] beyond kinds
    )

Keys every source has (validated by sources.config, not listed in `options`): name, type, url, enabled,
max_bytes, read_timeout, retries, deadline, source_deadline, redirect_hosts. Anything else in a `[[source]]` table must be declared in `options`, so a typo
is reported with the nearest known key. Sub-tables (`[source.fields]`, `[source.filter]`) are options of kind
dict. `FetchResult.not_modified` must be True only when every request the adapter made was answered 304;
`refresh` then keeps the snapshot byte-identical. Raise SourceError (or let FetchError from the client pass)
for anything wrong: `refresh` reports it and keeps the old snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .fetchsettings import FetchError


class SourceError(FetchError):
    """The source answered, but the data is unusable (error object, missing field...). str() is for organizers."""


@dataclass(frozen=True)
class Option:
    kind: type | tuple  # str, int, float, bool, list or dict (or a tuple of them)
    required: bool = False
    help: str = ""
    example: str = ""
    default: object = None
    choices: tuple = ()


@dataclass
class FetchResult:
    records: list
    source_url: str
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    meta: dict = field(default_factory=dict)
    # Local sources (hand-kept files) have nothing to snapshot: refresh only checks them.
    snapshot: bool = True


@dataclass(frozen=True)
class SourceType:
    name: str
    fetch: Callable
    description: str
    options: dict
    needs_url: bool = True
    allow_empty: bool = False
    check: Callable | None = None


_TYPES: dict[str, SourceType] = {}


def register_source_type(name: str, fetch: Callable, *, description: str, options: dict | None = None,
                         needs_url: bool = True, allow_empty: bool = False,
                         check: Callable | None = None) -> SourceType:
    """Make `type = "NAME"` usable in data/sources.toml. Registering a name twice replaces the first.

    `check(options) -> list[(key, what is wrong, how to fix)]` may add checks beyond each option's kind
    (e.g. "fields needs a date key"); it runs only when every option has the right kind.
    """
    source_type = SourceType(name, fetch, description, dict(options or {}), needs_url, allow_empty, check)
    _TYPES[name] = source_type
    return source_type


def get_source_type(name: str) -> SourceType | None:
    _load_builtin_adapters()
    return _TYPES.get(name)


def source_types() -> dict[str, SourceType]:
    _load_builtin_adapters()
    return dict(_TYPES)


def _load_builtin_adapters() -> None:
    # Importing the adapters package imports every module in it, and each module registers its types:
    # a new type is a new file in sources/adapters/, with no list to edit.
    from . import adapters  # noqa: F401
