"""`refresh`: fetch every configured source at the same time and update its snapshot when the new data is good.

Interface (the `invoke refresh` task is a thin layer over this):

    report = refresh(Path("data/sources.toml"), only=["heart-responses"], force=False, stream=sys.stdout)
    report.results   # [SourceReport(name, status, reason, record_count, bytes_received, seconds)]
    report.failed    # the results with status "kept-old" or "failed"
    report.exit_code(strict)  # 0, or 1 when strict and something failed; 2 for a bad config or --only name

Statuses, one line each in the printed report:
    updated     new data written to data/snapshots/NAME.json
    unchanged   the server said 304 Not Modified, or sent the same records: the file is left byte-identical
    kept-old    fetching or checking failed; the last good snapshot stays, and the reason is printed
    checked     a local hand-kept file was read and is valid (nothing to snapshot)
    skipped     `enabled = false` in the configuration, or `example = true` (example data is never fetched)
"""

from __future__ import annotations

import logging
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, SourceConfig, load_config
from .problems import shown_path
from .http import FetchError, HttpClient
from .links import mask_credentials
from .registry import get_source_type
from .snapshots import Outcome, Snapshot, load_snapshot, mark_checked, save_snapshot, snapshot_path, utc_now

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceReport:
    name: str
    status: str
    reason: str = ""
    record_count: int | None = None
    bytes_received: int = 0
    requests_made: int = 0
    seconds: float = 0.0
    # Records the adapter skipped or links it left out, each naming the record (one bad record never hides the rest).
    warnings: tuple = ()

    def line(self) -> str:
        count = f"{self.record_count:,} records" if self.record_count is not None else ""
        detail = "; ".join(part for part in (self.reason, count) if part)
        transfer = f", {self.bytes_received:,} bytes in {self.requests_made} requests" if self.requests_made else ""
        text = f"{self.name}: {self.status}" + (f" ({detail})" if detail else "") + f" [{self.seconds:.1f}s{transfer}]"
        # A source address may carry a key as its user part (https://KEY@host/...): never print it.
        return mask_credentials("".join([text] + [f"\n  warning: {warning}" for warning in self.warnings]))


@dataclass
class Report:
    results: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def failed(self) -> list:
        return [result for result in self.results if result.status in ("kept-old", "failed")]

    @property
    def bytes_received(self) -> int:
        return sum(result.bytes_received for result in self.results)

    def exit_code(self, strict: bool) -> int:
        if self.problems:
            return 2
        return 1 if strict and self.failed else 0


def refresh_source(config: Config, source: SourceConfig, force: bool = False) -> SourceReport:
    """Fetch one source and save its snapshot if the data is good. Never raises for a source problem."""
    started = time.monotonic()
    source_type = get_source_type(source.type)
    directory = config.settings.snapshot_dir
    with HttpClient(config.http_for(source)) as client:
        def report(status, reason="", count=None, warnings=()):
            if client.redirects:
                # Say where the data really came from: a moved source should be updated in sources.toml.
                moved = ", ".join(f"{before} -> {after}" for before, after in client.redirects[:3])
                reason = "; ".join(part for part in (reason, f"followed redirect{'s' if len(client.redirects) > 1 else ''}: "
                                                     f"{moved}") if part)
            return SourceReport(source.name, status, reason, count, client.bytes_received, client.requests_made,
                                time.monotonic() - started, tuple(warnings))
        try:
            result = source_type.fetch(source, client)
        except FetchError as error:
            return report("kept-old", f"{error}{_kept(directory, source.name)}", _old_count(directory, source.name))
        except Exception as error:  # an adapter bug must not stop the other sources or lose a snapshot
            logger.debug("adapter %s crashed", source.type, exc_info=True)
            return report("kept-old", f"unexpected {error.__class__.__name__}: {error}{_kept(directory, source.name)}",
                          _old_count(directory, source.name))
        if not result.snapshot:
            return report("checked", "hand-kept file is valid", len(result.records))
        # Even after a 304 the records (parsed from the cached body) go through save_snapshot: the cache may
        # hold an answer that was refused last time (e.g. a drop without --force), which the snapshot is not.
        snapshot = Snapshot.new(source=source.name, type=source.type, source_url=result.source_url,
                                records=result.records, etag=result.etag, last_modified=result.last_modified,
                                meta=result.meta)
        outcome: Outcome = save_snapshot(directory, snapshot, force=force, allow_empty=source_type.allow_empty)
        reason = "304 Not Modified" if outcome.status == "unchanged" and result.not_modified else outcome.reason
        skipped = result.meta.get("skipped") if isinstance(result.meta, dict) else None
        if skipped:
            # One bad upstream row is skipped, not fatal; say how many and why so someone can look.
            total = sum(skipped.values())
            reason = "; ".join(part for part in (reason, f"skipped {total:,} bad row{'s' if total != 1 else ''}: "
                                                 + ", ".join(f"{why} ({count})" for why, count in skipped.items())) if part)
        warnings = result.meta.get("warnings") if isinstance(result.meta, dict) else None
        return report(outcome.status, reason, outcome.record_count,
                      [str(warning) for warning in warnings] if isinstance(warnings, list) else ())


def _old_count(directory: Path, name: str) -> int | None:
    try:
        old = load_snapshot(snapshot_path(directory, name))
    except Exception:
        return None
    return old.record_count if old else None


def _kept(directory: Path, name: str) -> str:
    try:
        old = load_snapshot(snapshot_path(directory, name))
    except Exception:
        return "; the snapshot file is unreadable, left as it is"
    return f"; kept the snapshot from {old.fetched_at[:10]}" if old else "; no snapshot yet, none written"


def refresh(config_path: Path, *, only: list[str] | None = None, force: bool = False, stream=None,
            timezone: str = "UTC", folder: Path | None = None) -> Report:
    """Fetch the configured (or `only` the named) sources concurrently; print and return the report.

    `timezone` is the campaign's: dates a source writes without an offset are read in it. `folder` is the
    campaign's (by default the folder above data/): files in messages are named from there.
    """
    stream = stream or sys.stdout
    started = time.monotonic()
    where = shown_path(config_path, folder or Path(config_path).resolve().parent.parent)
    config, problems = load_config(Path(config_path), shown=where, timezone=timezone)
    report = Report()
    if problems or config is None:
        report.problems = problems
        stream.write(f"{where} has {len(problems)} problem{'s' if len(problems) != 1 else ''}; nothing fetched:\n")
        for problem in problems:
            stream.write(f"  {problem}\n")
        return report
    chosen = list(config.sources)
    if only:
        names = [name.strip() for item in only for name in item.split(",") if name.strip()]
        unknown = [name for name in names if config.source(name) is None]
        if unknown:
            known = ", ".join(source.name for source in config.sources)
            report.problems = [f"--only {name}: no source with that name in {config_path}. Known: {known}."
                               for name in unknown]
            for problem in report.problems:
                stream.write(problem + "\n")
            return report
        chosen = [config.source(name) for name in names]
    else:
        for source in chosen:
            if not source.enabled:
                report.results.append(SourceReport(source.name, "skipped", "enabled = false"))
        chosen = [source for source in chosen if source.enabled]
    for source in chosen:
        if source.example:
            report.results.append(SourceReport(source.name, "skipped", "example = true: example data is never fetched"))
    chosen = [source for source in chosen if not source.example]
    with ThreadPoolExecutor(max_workers=min(config.settings.workers, max(1, len(chosen)))) as pool:
        fetched = list(pool.map(lambda source: refresh_source(config, source, force), chosen))
    report.results += fetched
    checked = {result.name: utc_now() for result in fetched if result.status in ("updated", "unchanged")}
    mark_checked(config.settings.snapshot_dir, checked)
    report.wall_seconds = time.monotonic() - started
    for result in sorted(report.results, key=lambda result: result.name):
        stream.write(result.line() + "\n")
    counts = {}
    for result in report.results:
        counts[result.status] = counts.get(result.status, 0) + 1
    summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
    stream.write(f"refresh: {summary or 'no sources'} in {report.wall_seconds:.1f}s, "
                 f"{report.bytes_received:,} body bytes received\n")
    stream.flush()
    return report
