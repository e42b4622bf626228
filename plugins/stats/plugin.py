"""Pelican wiring for statistics: check data and {stat:...} placeholders at build start, give templates STATS.

Context for templates: `STATS.metrics` {id: Metric}, `STATS.charts` [(Series, svg markup)], `STATS.stale`
[StaleNotice], `STATS.page_figures` [Metric], `STATS.unavailable` {id: why}. `HOME_FIGURE_LIST` is rebuilt from
HOME_FIGURES so the home page may show computed metrics too. Never fetches: it reads committed snapshots only.
"""

from __future__ import annotations

import difflib
import logging
from datetime import date
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from content_checks.plugin import register_check
from content_checks.problems import Problem
from sources.config import load_config
from sources.snapshots import CHECKED_FILE, SnapshotError, last_checked, load_snapshot
from sources.textfiles import UnreadableFile, read_text_file

from .charts import bar_chart
from .metrics import COMPUTED, Options, compute
from .placeholders import find_placeholders, replace_placeholders
from .settings import DEFAULTS

logger = logging.getLogger(__name__)


def _shown(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def _load_snapshots(directory: Path) -> tuple[dict, list]:
    snapshots, problems = {}, []
    if not directory.is_dir():
        return snapshots, problems
    for path in sorted(directory.glob("*.json")):
        if path.name == CHECKED_FILE:
            continue
        try:
            snapshot = load_snapshot(path)
        except SnapshotError as error:
            problems.append(Problem(_shown(path), None, "", str(error).split(": ", 1)[-1], ""))
            continue
        snapshots[snapshot.source] = snapshot
    return snapshots, problems


def check_and_compute(settings) -> list:
    problems = []
    sources_file = Path(_setting(settings, "STATS_SOURCES_FILE"))
    config, config_problems = load_config(sources_file, shown=_shown(sources_file))
    problems += [Problem(p.path, p.line, p.field, p.what, p.fix) for p in config_problems]
    if config is None:
        return problems
    snapshots, snapshot_problems = _load_snapshots(config.settings.snapshot_dir)
    problems += snapshot_problems
    stale_days = _setting(settings, "STATS_STALE_AFTER_DAYS") or config.settings.stale_after_days
    today = _setting(settings, "STATS_TODAY")
    options = Options(response_sources=tuple(_setting(settings, "STATS_RESPONSE_SOURCES")),
                      beats_snapshot=_setting(settings, "STATS_BEATS_SNAPSHOT"),
                      city_districts=tuple(_setting(settings, "STATS_CITY_DISTRICTS")),
                      stale_after_days=int(stale_days), locale=settings.get("DEFAULT_LANG", "en"))
    for name in options.response_sources:
        if name not in snapshots:
            problems.append(Problem("pelicanconf.py", None, "STATS_RESPONSE_SOURCES",
                                    f'names "{name}", but data/snapshots/ has no {name}.json.',
                                    "Run `make refresh ARGS=\"--only NAME\"` and commit the snapshot, or remove the name."))
    figures = list(settings.get("FIGURES", {}).values())
    stats = compute(figures, snapshots, last_checked(config.settings.snapshot_dir), options,
                    date.fromisoformat(today) if today else None)
    for figure in figures:
        if figure.id in COMPUTED:
            problems.append(Problem(_shown(Path(settings.get("FIGURES_FILE", "data/figures.toml"))), None, "id",
                                    f'"{figure.id}" is the name of a computed statistic.',
                                    "Give the figure another id, like \"" + figure.id + "-hand-kept\"."))
    known = sorted(set(stats.metrics) | set(stats.unavailable))

    not_usable = settings.get("FIGURES_NOT_USABLE", set())

    def unknown(where: str, line, field: str, metric_id: str) -> Problem | None:
        if metric_id in stats.metrics or metric_id in not_usable:
            return None
        if metric_id in stats.unavailable:
            return Problem(where, line, field, f'"{metric_id}" cannot be shown: {stats.unavailable[metric_id]}.',
                           "Remove it, or add the data it needs (see docs/organizers/add-a-figure.md).")
        close = difflib.get_close_matches(metric_id, known, n=1, cutoff=0.6)
        hint = f'Did you mean "{close[0]}"? ' if close else ""
        return Problem(where, line, field, f'"{metric_id}" is not a statistic the site knows.',
                       f"{hint}Write it like {{stat:responses-2024}}; known IDs: {', '.join(sorted(stats.metrics))}.")

    content_root = Path(settings.get("PATH", "content"))
    for path in sorted(content_root.rglob("*.md")):
        try:
            text = read_text_file(path)
        except UnreadableFile:
            continue  # the content check reports the file, with its line and how to save it as UTF-8
        for line, metric_id in find_placeholders(text):
            problem = unknown(_shown(path), line, "stat", metric_id)
            if problem:
                problems.append(problem)
    home = []
    for metric_id in settings.get("HOME_FIGURES", []):
        problem = unknown("pelicanconf.py", None, "HOME_FIGURES", metric_id)
        if problem:
            problems.append(problem)
        elif metric_id in stats.metrics:
            home.append(stats.metrics[metric_id])
    page_figures = []
    for metric_id in _setting(settings, "STATS_PAGE_FIGURES"):
        problem = unknown("pelicanconf.py", None, "STATS_PAGE_FIGURES", metric_id)
        if problem:
            problems.append(problem)
        elif metric_id in stats.metrics:
            page_figures.append(stats.metrics[metric_id])
    if not settings.get("SHOW_EXAMPLES", True):
        home = [metric for metric in home if not metric.example]
        page_figures = [metric for metric in page_figures if not metric.example]
        stats.series = [series for series in stats.series if not series.example]
    settings["HOME_FIGURE_LIST"] = home
    settings["STATS"] = {
        "metrics": stats.metrics,
        "charts": [(series, Markup(bar_chart(series))) for series in stats.series],
        "stale": stats.stale,
        "stale_after_days": options.stale_after_days,
        "page_figures": page_figures,
        "unavailable": stats.unavailable,
    }
    return problems


def fill_placeholders(instance) -> None:
    stats = instance.settings.get("STATS")
    if stats and getattr(instance, "_content", None) and "{stat:" in instance._content:
        instance._content = replace_placeholders(instance._content, stats["metrics"],
                                                 instance.settings.get("DEFAULT_LANG", "en"))


def register():
    register_check(check_and_compute)
    signals.content_object_init.connect(fill_placeholders)
