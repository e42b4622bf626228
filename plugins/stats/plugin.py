"""Pelican wiring for statistics: check data and {stat:...} placeholders at build start, give templates STATS.

Context for templates: `STATS.metrics` {id: Metric}, `STATS.charts` [(Series, svg markup)], `STATS.stale`
[StaleNotice], `STATS.page_figures` [Metric], `STATS.unavailable` {id: why}. `HOME_FIGURE_LIST`: the campaign's home
figures ([home] figures in data/site.toml), which may be computed metrics too. Never fetches: it reads committed snapshots only.
"""

from __future__ import annotations

import difflib
import logging
from datetime import date
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from campaign import of as campaign_of
from content_checks.plugin import register_check
from content_checks.problems import Problem
from sources.config import load_config
from sources.snapshots import CHECKED_FILE, SnapshotError, last_checked, load_snapshot
from sources.textfiles import UnreadableFile, read_text_file
from sources.problems import shown_path

from localization.plugin import edition_text

from .charts import bar_chart
from .metrics import COMPUTED, Options, compute
from .placeholders import find_placeholders, replace_placeholders
from .settings import DEFAULTS

logger = logging.getLogger(__name__)


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
            problems.append(Problem(shown_path(path), None, "", str(error).split(": ", 1)[-1], ""))
            continue
        snapshots[snapshot.source] = snapshot
    return snapshots, problems


def _site_line(campaign, table: str, key: str):
    """The line of `key` in data/site.toml's [table], as the campaign read it (the file is read once)."""
    return campaign.site_file.line(table, None, key) if campaign.site_file else None


def figure_words(campaign) -> dict:
    figure_set = campaign.part("figures")
    return figure_set.metric_words if figure_set else {}


def check_and_compute(settings) -> list:
    problems = []
    campaign = campaign_of(settings)
    numbers = campaign.numbers
    site_file = shown_path(campaign.data_file("site.toml"))
    sources_file = Path(_setting(settings, "STATS_SOURCES_FILE") or campaign.data_file("sources.toml"))
    if not sources_file.exists():
        return problems  # no sources, no statistics: the numbers page is for campaigns that keep figures
    config, config_problems = load_config(sources_file, shown=shown_path(sources_file))
    problems += config_problems
    if config is None:
        return problems
    snapshots, snapshot_problems = _load_snapshots(config.settings.snapshot_dir)
    problems += snapshot_problems
    stale_days = _setting(settings, "STATS_STALE_AFTER_DAYS") or config.settings.stale_after_days
    options = Options(response_sources=tuple(numbers.get("response_sources", [])),
                      beats_snapshot=numbers.get("beats_snapshot", ""),
                      city_districts=tuple(numbers.get("city_districts", [])),
                      stale_after_days=int(stale_days), locale=settings.get("DEFAULT_LANG", "en"),
                      zone=campaign.timezone, words=figure_words(campaign), text=edition_text(settings))
    for name in options.response_sources:
        if name not in snapshots:
            problems.append(Problem(site_file, _site_line(campaign, "numbers", "response_sources"), "response_sources",
                                    f'names "{name}", but data/snapshots/ has no {name}.json.',
                                    "Run `make refresh ARGS=\"--only NAME\"` and commit the snapshot, or remove the name."))
    figure_set = campaign.part("figures")
    figures = list(figure_set.by_id.values()) if figure_set else []
    stats = compute(figures, snapshots, last_checked(config.settings.snapshot_dir), options, campaign.today)
    for figure in figures:
        if figure.id in COMPUTED:
            problems.append(Problem(shown_path(Path(settings.get("FIGURES_FILE") or campaign.data_file("figures.toml"))), None, "id",
                                    f'"{figure.id}" is the name of a computed statistic.',
                                    "Give the figure another id, like \"" + figure.id + "-hand-kept\"."))
    known = sorted(set(stats.metrics) | set(stats.unavailable))

    not_usable = figure_set.not_usable if figure_set else set()

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
            problem = unknown(shown_path(path), line, "stat", metric_id)
            if problem:
                problems.append(problem)
    home = []
    for metric_id in campaign.home_figures:
        problem = unknown(site_file, _site_line(campaign, "home", "figures"), "figures", metric_id)
        if problem:
            problems.append(problem)
        elif metric_id in stats.metrics:
            home.append(stats.metrics[metric_id])
    page_figures = []
    for metric_id in numbers.get("figures", []):
        problem = unknown(site_file, _site_line(campaign, "numbers", "figures"), "figures", metric_id)
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
        instance._content = replace_placeholders(instance._content, stats["metrics"], edition_text(instance.settings))


def register():
    register_check(check_and_compute)
    signals.content_object_init.connect(fill_placeholders)
