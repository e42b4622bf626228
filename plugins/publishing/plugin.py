"""Pelican wiring for a publishable build: example content left out, no build-time stamps, fingerprinted assets."""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path

from pelican import signals

from campaign import of as campaign_of
from sources.atomicfile import write_atomic

from .assets import ThemeAssets
from .examples import is_example, show_examples
from .policy import CONTENT_SECURITY_POLICY

logger = logging.getLogger(__name__)

_assets: ThemeAssets | None = None


def skip_examples(generator, metadata) -> None:
    """Drop `Example: yes` articles and pages before Pelican creates them when SHOW_EXAMPLES is False.

    Status "skip" makes Pelican's reader return a stub, so the item is in no list, feed, sitemap or tag page.
    """
    if not show_examples(generator.settings) and is_example(metadata.get("example")):
        metadata["status"] = "skip"


def build_time() -> datetime | None:
    """The time a build stands for: SOURCE_DATE_EPOCH (tasks.py sets it to the last commit), never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return None


def newest_content_date(generators) -> datetime | None:
    dates = []
    for generator in generators:
        for name in ("articles", "pages"):
            for item in getattr(generator, name, None) or []:
                date = getattr(item, "modified", None) or getattr(item, "date", None)
                if isinstance(date, datetime):
                    dates.append(date)
    return max(dates) if dates else None


def pin_sitemap_lastmod(pelican_or_generators) -> None:
    """Give undated sitemap entries (home page, lists, pages without dates) a reproducible lastmod.

    pelican-sitemap falls back to `datetime.now()` taken when it was imported, so every build wrote a
    new sitemap.xml. Use SOURCE_DATE_EPOCH, else the newest content date, so only a real change shows.
    """
    try:
        from pelican.plugins.sitemap import sitemap
    except ImportError:  # the sitemap plugin is not installed: nothing to pin
        return
    generators = pelican_or_generators if isinstance(pelican_or_generators, list) else []
    when = build_time() or newest_content_date(generators)
    if when is not None:
        # Written in the campaign's time zone, like every other time the site shows.
        sitemap.generator.now = when.astimezone(campaign_of(generators[0].settings).zone) if generators else when


def install_asset_url(generator) -> None:
    """Give templates `asset_url("css/site.css")` -> `theme/css/site.<hash>.css`."""
    global _assets
    settings = generator.settings
    theme = Path(settings["THEME"])
    static_dirs = [theme / folder for folder in settings.get("THEME_STATIC_PATHS", ["static"])]
    prefix = settings.get("THEME_STATIC_DIR", "theme")
    if _assets is None or _assets.static_dirs != static_dirs or _assets.output_prefix != prefix:
        _assets = ThemeAssets(static_dirs, prefix)
        # Pages kept from the last build (plugins/incremental) are not rendered, so they do not call asset_url:
        # start from the files the last build used, so their fingerprinted copies are still written.
        for relative in _remembered_assets(settings):
            try:
                _assets.url(relative)
            except FileNotFoundError:
                pass
    generator.env.globals["asset_url"] = _assets.url
    generator.env.globals["CONTENT_SECURITY_POLICY"] = CONTENT_SECURITY_POLICY


def reset_assets(_pelican) -> None:
    global _assets
    _assets = None


def _remembered_path(settings) -> Path:
    return Path(settings.get("CACHE_PATH") or "cache") / "theme-assets-used.json"


def _remembered_assets(settings) -> list[str]:
    try:
        return list(json.loads(_remembered_path(settings).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return []


def write_fingerprinted_assets(pelican) -> None:
    if _assets is not None:
        for path in _assets.write(Path(pelican.output_path)):
            logger.debug("publishing: wrote %s", path)
        used = sorted(_assets.used)
        if used != _remembered_assets(pelican.settings):
            try:
                write_atomic(_remembered_path(pelican.settings), json.dumps(used))
            except OSError:
                pass


def register():
    signals.initialized.connect(reset_assets)
    signals.article_generator_context.connect(skip_examples)
    signals.page_generator_context.connect(skip_examples)
    signals.generator_init.connect(install_asset_url)
    signals.all_generators_finalized.connect(pin_sitemap_lastmod)
    signals.finalized.connect(write_fingerprinted_assets)
