"""Snapshots: the committed copy of each source's last good data, in `data/snapshots/NAME.json`.

A snapshot file is sorted, indented JSON, one record per line (stable, readable diffs: "git scraping"):

    {
      "source": "heart-responses",           # the source's name in data/sources.toml
      "type": "arcgis",                      # its source type
      "source_url": "https://...",           # what was fetched (first page for paged APIs)
      "fetched_at": "2026-11-25T19:00:00Z",  # when this data was fetched (UTC)
      "etag": "...", "last_modified": "...", # validators the server sent, or null
      "record_count": 1234,
      "content_hash": "sha256:...",          # of the records, canonical JSON
      "meta": {...},                         # adapter extras (feed title, field list ...), may be {}
      "records": [ {...}, ... ]              # normalized records; order as the adapter gave it
    }

Interface:

    snapshot = Snapshot.new(source="x", type="json", source_url=url, records=[...], etag=..., meta={...})
    outcome = save_snapshot(directory, snapshot, force=False, allow_empty=False)
    outcome.status   # "updated" | "unchanged" | "kept-old"
    outcome.reason   # plain words, e.g. "the count fell from 10,000 to 4,000 records (more than half)"
    load_snapshot(path) -> Snapshot | None      # None when the file does not exist; SnapshotError if unreadable
    mark_checked(directory, name, when)          # record a successful check (304/same data) in checked.json
    last_checked(directory) -> {name: iso time}

`save_snapshot` never replaces a good snapshot with: no records (unless allow_empty), records that are not
JSON objects, data where a field every old record had is gone from every new record (schema drift), or a
count that fell by more than half (unless force=True). Writes are atomic (temp file + os.replace, then the folder
is synced), keep the file's mode, and hold the folder's lock (`snapshots_lock`), so a crash never leaves half a
file and two refreshes at once lose nothing. Same records as before -> "unchanged" and the file stays byte-identical.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import atomicfile

CHECKED_FILE = "checked.json"
# Two refreshes may run at once (a scheduled run and a person): each read-compare-write of a snapshot or of
# checked.json holds this lock, so neither loses the other's entries. filelock: the lock CacheControl uses too.
LOCK_FILE = ".snapshots.lock"
LOCK_WAIT_SECONDS = 600


class SnapshotError(Exception):
    """A snapshot file exists but cannot be read; str() names the file and the problem."""


@dataclass(frozen=True)
class Snapshot:
    source: str
    type: str
    source_url: str
    fetched_at: str
    etag: str | None
    last_modified: str | None
    record_count: int
    content_hash: str
    records: list
    meta: dict = field(default_factory=dict)

    @classmethod
    def new(cls, *, source: str, type: str, source_url: str, records: list, etag: str | None = None,
            last_modified: str | None = None, meta: dict | None = None, fetched_at: str | None = None) -> "Snapshot":
        return cls(source=source, type=type, source_url=source_url,
                   fetched_at=fetched_at or utc_now(), etag=etag, last_modified=last_modified,
                   record_count=len(records), content_hash=content_hash(records), records=records, meta=meta or {})


@dataclass(frozen=True)
class Outcome:
    status: str  # "updated", "unchanged" or "kept-old"
    reason: str = ""
    record_count: int | None = None


def utc_now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(records: list) -> str:
    return "sha256:" + hashlib.sha256(_canonical(records).encode("utf-8")).hexdigest()


def snapshot_path(directory: Path, name: str) -> Path:
    return Path(directory) / f"{name}.json"


def dumps(data) -> str:
    """Sorted, indented JSON; a top-level "records" list is written one record per line.

    One line per record keeps git diffs of a snapshot readable (a changed record is a changed line), and it
    lets the fast C encoder write the records: Python's indenting encoder is ten times slower.
    """
    if not isinstance(data, dict) or not isinstance(data.get("records"), list) or not data["records"]:
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    head = json.dumps({**data, "records": []}, sort_keys=True, indent=2, ensure_ascii=False)
    encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": "))
    lines = ",\n".join("    " + encoder.encode(record) for record in data["records"])
    return head.replace('"records": []', '"records": [\n' + lines + "\n  ]", 1) + "\n"


@contextmanager
def snapshots_lock(directory: Path):
    """Hold the snapshot folder's lock (waits for another refresh's short write, at most LOCK_WAIT_SECONDS)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock  # here: only a refresh writes snapshots; builds only read them (filelock
    # imports `platform`, a few hundredths of a second of every build)

    with FileLock(str(directory / LOCK_FILE), timeout=LOCK_WAIT_SECONDS):
        yield


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so readers see the old file or the new one, never a half-written one, synced to disk
    (after a power cut the folder names either the old file or the new one)."""
    atomicfile.write_atomic(path, text, durable=True)


def load_snapshot(path: Path) -> Snapshot | None:
    """The snapshot at `path`, None if there is none. Raises SnapshotError when it is not a valid snapshot."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SnapshotError(f"{path}: cannot be read as JSON ({error}). Restore it with `git checkout {path}`.") from None
    missing = [key for key in Snapshot.__dataclass_fields__ if key not in data]
    if missing or not isinstance(data.get("records"), list):
        raise SnapshotError(f"{path}: is not a snapshot (missing {', '.join(missing) or 'records list'}). "
                            f"Restore it with `git checkout {path}` or run `invoke refresh --only NAME`.")
    return Snapshot(**{key: data[key] for key in Snapshot.__dataclass_fields__})


def _why_not(new: Snapshot, old: Snapshot | None, force: bool, allow_empty: bool) -> str:
    records = new.records
    if not records and not allow_empty:
        return "the source returned no records"
    if not all(isinstance(record, dict) for record in records):
        return "some records are not JSON objects (the answer is malformed)"
    try:
        _canonical(records)
    except (TypeError, ValueError) as error:
        return f"the records cannot be saved as JSON ({error})"
    if old is None or not old.records:
        return ""
    old_keys = set.intersection(*(set(record) for record in old.records if isinstance(record, dict))) \
        if all(isinstance(record, dict) for record in old.records) else set()
    new_keys = set().union(*(set(record) for record in records)) if records else set()
    gone = sorted(old_keys - new_keys)
    if gone and records:
        return (f"field{'s' if len(gone) > 1 else ''} {', '.join(gone)} disappeared from every record "
                "(did the source rename or drop a column?)")
    if not force and len(records) * 2 < len(old.records):
        return (f"the count fell from {len(old.records):,} to {len(records):,} records (more than half); "
                "if that is real, run again with --force")
    return ""


def save_snapshot(directory: Path, snapshot: Snapshot, *, force: bool = False, allow_empty: bool = False) -> Outcome:
    """Write `snapshot` as `directory/SOURCE.json` unless it would replace good data with worse. See module doc."""
    with snapshots_lock(directory):
        return _save_snapshot(directory, snapshot, force, allow_empty)


def _save_snapshot(directory: Path, snapshot: Snapshot, force: bool, allow_empty: bool) -> Outcome:
    path = snapshot_path(directory, snapshot.source)
    try:
        old = load_snapshot(path)
    except SnapshotError:
        old = None  # an unreadable file is not good data worth keeping
    why = _why_not(snapshot, old, force, allow_empty)
    if why:
        return Outcome("kept-old", why + (f"; kept the snapshot from {old.fetched_at[:10]}" if old else
                                          "; no snapshot written"), old.record_count if old else None)
    if old is not None and old.content_hash == snapshot.content_hash and old.source_url == snapshot.source_url:
        return Outcome("unchanged", "same records as the snapshot", old.record_count)
    write_atomic(path, dumps({name: getattr(snapshot, name) for name in Snapshot.__dataclass_fields__}))
    return Outcome("updated", "", snapshot.record_count)


def last_checked(directory: Path) -> dict:
    """{source name: time of its last successful check}, from checked.json (empty if none)."""
    path = Path(directory) / CHECKED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, json.JSONDecodeError):
        return {}


def mark_checked(directory: Path, times: dict) -> None:
    """Record successful checks {name: iso time} in checked.json, so a source that did not change is not stale."""
    if not times:
        return
    with snapshots_lock(directory):
        merged = {**last_checked(directory), **times}
        write_atomic(Path(directory) / CHECKED_FILE, dumps(merged))
