"""Read and check the source configuration file (`data/sources.toml`): what `refresh` fetches, and how.

Interface:

    config, problems = load_config(Path("data/sources.toml"))
    # problems: list[Problem]; str(problem) == "data/sources.toml:12: source "x": url: ... How to fix."
    config.settings   # RefreshSettings (snapshot_dir, cache_dir, stale_after_days, workers, http: HttpSettings)
    config.sources    # list[SourceConfig], only the valid ones, in file order
    source.name, source.type, source.url, source.enabled, source.options (dict), source.line,
    source.base_dir (the folder of sources.toml), source.snapshot_dir (the folder of its snapshot)
    config.http_for(source) -> HttpSettings   # with the source's own max_bytes/read_timeout/retries applied

Relative paths in the file (snapshot_dir, cache_dir, a figures `path`) are relative to the folder the file is in.
The file format is documented at the top of data/sources.toml itself.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .fetchsettings import DEFAULT_USER_AGENT, HttpSettings
from .links import is_web_address
from .problems import Problem
from .registry import Option, source_types
from .textfiles import UnreadableFile, read_text_file

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Keys every [[source]] may have, whatever its type.
COMMON = {
    "name": Option(str, required=True, help="Short unique name, also the snapshot file name.", example='"heart-responses"'),
    "type": Option(str, required=True, help="Kind of source.", example='"arcgis"'),
    "url": Option(str, help="Web address to fetch.", example='"https://example.org/data.json"'),
    "enabled": Option(bool, help="false keeps the entry but skips it.", example="false", default=True),
    "example": Option(bool, help="true marks example data: never fetched; its snapshot is labelled Example on the site "
                      "and left out of the public site.", example="true", default=False),
    "description": Option(str, help="What this source is, for people reading the file.", example='"Crisis team responses"'),
    "max_bytes": Option(int, help="Size limit for everything this source downloads (all its pages), in bytes.",
                        example="100000000"),
    "read_timeout": Option((int, float), help="Seconds to wait for data.", example="60"),
    "retries": Option(int, help="How many times to retry a failed request.", example="5"),
    "deadline": Option((int, float), help="Seconds one request may take in all, retries included.", example="300"),
    "source_deadline": Option((int, float), help="Seconds all of this source's requests may take together.",
                              example="900"),
    "redirect_hosts": Option(list, help="Other hosts this source may redirect to (http(s) only, never https to "
                                        "http).", example='["www.example.org"]'),
}

SETTINGS = {
    "snapshot_dir": Option(str, help="Folder for snapshots, relative to this file.", example='"snapshots"', default="snapshots"),
    "cache_dir": Option(str, help="Folder for the HTTP cache, relative to this file.", example='"../cache/http"',
                        default="../cache/http"),
    "user_agent": Option(str, help="How we introduce ourselves to servers.", example='"MySite/1.0 (me@example.org)"',
                         default=DEFAULT_USER_AGENT),
    "connect_timeout": Option((int, float), help="Seconds to wait for a connection.", example="10", default=10),
    "read_timeout": Option((int, float), help="Seconds to wait for data.", example="30", default=30),
    "retries": Option(int, help="Retries after a connection error, 429 or 5xx.", example="3", default=3),
    "backoff": Option((int, float), help="Backoff factor between retries, in seconds.", example="0.5", default=0.5),
    "max_retry_after": Option((int, float), help="Longest wait a Retry-After header may ask for.", example="60",
                              default=60),
    "max_bytes": Option(int, help="Size limit for everything one source downloads (all its pages), in bytes.",
                        example="50000000", default=50_000_000),
    "deadline": Option((int, float), help="Seconds one request may take in all: connecting, every retry and its "
                                          "wait, and the whole answer.", example="120", default=120),
    "source_deadline": Option((int, float), help="Seconds all of one source's requests may take together.",
                              example="600", default=600),
    "workers": Option(int, help="How many sources to fetch at the same time.", example="6", default=6),
    "stale_after_days": Option(int, help="Show a stale-data notice when data is older than this.", example="45",
                               default=45),
}


@dataclass(frozen=True)
class RefreshSettings:
    snapshot_dir: Path
    cache_dir: Path
    workers: int
    stale_after_days: int
    http: HttpSettings


@dataclass(frozen=True)
class SourceConfig:
    name: str
    type: str
    url: str
    enabled: bool
    options: dict
    line: int | None = None
    overrides: dict = field(default_factory=dict)
    base_dir: Path = Path(".")
    # Where this source's snapshot lives; adapters that add to their last snapshot (feeds) read it from here.
    snapshot_dir: Path | None = None
    # Example data (`example = true`): refresh never fetches it; pages label it Example; public builds leave it out.
    example: bool = False


@dataclass(frozen=True)
class Config:
    path: Path
    settings: RefreshSettings
    sources: list

    def http_for(self, source: SourceConfig) -> HttpSettings:
        return replace(self.settings.http, **source.overrides)

    def source(self, name: str) -> SourceConfig | None:
        return next((source for source in self.sources if source.name == name), None)


def _kind_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "text in quotes", int: "a whole number", float: "a number", bool: "true or false",
             list: "a list in [ ]", dict: "a table"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _is_kind(value, kind) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    if float in kinds and isinstance(value, int):
        return True
    return isinstance(value, kinds)


def _locate(text: str) -> tuple[dict, list[dict]]:
    """Line numbers: ({key: line} for [refresh], [{key: line, "": table line} per [[source]]])."""
    settings_lines, source_lines = {}, []
    current, prefix = None, ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("[[source]]"):
            current, prefix = {"": number}, ""
            source_lines.append(current)
        elif line.startswith("[source."):
            prefix = line.strip("[]").split(".", 1)[1].strip() + "."
            if current is not None:
                current.setdefault(prefix[:-1], number)
        elif line.startswith("[refresh]"):
            current, prefix = settings_lines, ""
        elif line.startswith("["):
            current, prefix = None, ""
        elif current is not None and "=" in line and not line.startswith("#"):
            key = line.split("=", 1)[0].strip().strip('"')
            current.setdefault(prefix + key, number)
    return settings_lines, source_lines


def _suggest(key: str, known) -> str:
    close = difflib.get_close_matches(key.lower(), list(known), n=1, cutoff=0.6)
    return f'Did you mean "{close[0]}"? ' if close else ""


def _check_table(table: dict, declared: dict, where: str, lines: dict, shown: str) -> list[Problem]:
    problems = []
    for key, option in declared.items():
        if option.required and (key not in table or table[key] in ("", None)):
            problems.append(Problem(shown, lines.get("", None), key, f"is missing in {where}.",
                                          f"Add a line like: {key} = {option.example or '...'} ({option.help})"))
    for key, value in table.items():
        line = lines.get(key, lines.get(""))
        option = declared.get(key)
        if option is None:
            problems.append(Problem(shown, line, key, f"is not a setting {where} knows.",
                                          f"{_suggest(key, declared)}Known: {', '.join(sorted(declared))}."))
        elif not _is_kind(value, option.kind):
            problems.append(Problem(shown, line, key, f"should be {_kind_name(option.kind)} in {where}.",
                                          f"Write it like: {key} = {option.example or '...'}"))
        elif option.choices and value not in option.choices:
            problems.append(Problem(shown, line, key, f'"{value}" is not one of the choices in {where}.',
                                          f"Use one of: {', '.join(map(str, option.choices))}."))
    return problems


def load_config(path: Path, shown: str | None = None, timezone: str = "UTC") -> tuple[Config | None, list[Problem]]:
    """Read and check `path`. Returns (config with only valid sources, every problem found).

    `timezone` is the campaign's (data/site.toml): every source's `timezone` option when it does not give its own,
    for dates written without an offset.
    """
    path = Path(path)
    shown = shown or str(path)
    try:
        text = read_text_file(path, shown)
    except UnreadableFile as error:
        return None, [Problem(shown, error.line, "", error.what, error.fix, unreadable=True)]
    except OSError as error:
        return None, [Problem(shown, None, "", f"cannot be read ({error.strerror}).",
                                    "Check the path given with --config, or restore data/sources.toml from git.", unreadable=True)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return None, [Problem(shown, int(line[1]) if line else None, "", f"cannot be read: {error}.",
                                    'Check quotes and brackets near that line; text needs quotes, like name = "x".', unreadable=True)]
    settings_lines, source_lines = _locate(text)
    problems: list[Problem] = []
    for key in data:
        if key not in ("refresh", "source"):
            problems.append(Problem(shown, None, key, "is not a section this file knows.",
                                          f"{_suggest(key, ['refresh', 'source'])}Use [refresh] and [[source]]."))
    refresh_table = data.get("refresh", {})
    problems += _check_table(refresh_table, SETTINGS, "[refresh]", settings_lines, shown)
    values = {key: refresh_table.get(key, option.default) for key, option in SETTINGS.items()}
    if any(problem.field in SETTINGS for problem in problems):
        values = {key: option.default for key, option in SETTINGS.items()}
    base = path.parent
    http = HttpSettings(cache_dir=(base / values["cache_dir"]).resolve(), user_agent=values["user_agent"],
                        connect_timeout=float(values["connect_timeout"]), read_timeout=float(values["read_timeout"]),
                        retries=int(values["retries"]), backoff=float(values["backoff"]),
                        max_retry_after=float(values["max_retry_after"]), max_bytes=int(values["max_bytes"]),
                        deadline=float(values["deadline"]), source_deadline=float(values["source_deadline"]))
    settings = RefreshSettings(snapshot_dir=(base / values["snapshot_dir"]).resolve(),
                               cache_dir=http.cache_dir, workers=max(1, int(values["workers"])),
                               stale_after_days=int(values["stale_after_days"]), http=http)

    types = source_types()
    sources, seen = [], {}
    tables = data.get("source", [])
    if not isinstance(tables, list):
        tables = []
        problems.append(Problem(shown, None, "source", "must be written as [[source]] tables.",
                                      'Start each source with a line [[source]], then name = "...".'))
    for index, table in enumerate(tables):
        lines = source_lines[index] if index < len(source_lines) else {}
        name = table.get("name") if isinstance(table.get("name"), str) else f"number {index + 1}"
        where = f'source "{name}"'
        source_type = types.get(table.get("type")) if isinstance(table.get("type"), str) else None
        declared = dict(COMMON)
        if source_type:
            declared.update(source_type.options)
            if source_type.needs_url:
                declared["url"] = replace(COMMON["url"], required=True)
        found = _check_table(table, declared, where, lines, shown)
        if isinstance(table.get("type"), str) and source_type is None:
            found.append(Problem(shown, lines.get("type", lines.get("")), "type",
                                       f'"{table["type"]}" is not a source type ({where}).',
                                       f"{_suggest(table['type'], types)}Known types: {', '.join(sorted(types))}."))
            found = [problem for problem in found if "is not a setting" not in problem.what]
        if isinstance(table.get("name"), str) and not NAME_PATTERN.match(table["name"]):
            found.append(Problem(shown, lines.get("name"), "name",
                                       f'"{table["name"]}" is not a usable name ({where}).',
                                       'Use lowercase letters, digits and dashes, like name = "heart-responses".'))
        if isinstance(table.get("name"), str) and table["name"] in seen:
            found.append(Problem(shown, lines.get("name"), "name",
                                       f'"{table["name"]}" is used by two sources (also line {seen[table["name"]]}).',
                                       "Give each source its own name."))
        seen.setdefault(table.get("name"), lines.get("name"))
        url = table.get("url")
        if isinstance(url, str) and url and not is_web_address(url):
            found.append(Problem(shown, lines.get("url"), "url", f'"{url}" is not a web address ({where}).',
                                       'Write the full address, like url = "https://example.org/data.json".'))
        options = {key: table.get(key, option.default) for key, option in source_type.options.items()} \
            if source_type else {}
        options["timezone"] = options.get("timezone") or timezone
        if not found and source_type and source_type.check:
            for key, what, fix in source_type.check(options):
                found.append(Problem(shown, lines.get(key, lines.get(key.split(".")[0], lines.get(""))), key,
                                           f"{what} ({where}).", fix))
        problems += found
        if found or source_type is None:
            continue
        overrides = {key: table[key] for key in ("max_bytes", "read_timeout", "retries", "deadline", "source_deadline",
                                                 "redirect_hosts") if key in table}
        for key in ("read_timeout", "deadline", "source_deadline"):
            if key in overrides:
                overrides[key] = float(overrides[key])
        if "redirect_hosts" in overrides:
            overrides["redirect_hosts"] = tuple(str(host).lower() for host in overrides["redirect_hosts"])
        sources.append(SourceConfig(name=table["name"], type=table["type"], url=table.get("url", ""),
                                    enabled=table.get("enabled", True), options=options, line=lines.get(""),
                                    overrides=overrides, base_dir=base, snapshot_dir=settings.snapshot_dir,
                                    example=table.get("example", False) is True))
    return Config(path=path, settings=settings, sources=sources), problems
