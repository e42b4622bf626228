"""Pelican wiring for the campaign context: make it when the build starts, resolve its links once pages are read,
and list the campaign's placeholders (FILL IN) once the site is written.

Reads: CAMPAIGN_DIR, BUILD_NOW (pelicanconf.py). Adds: CAMPAIGN (the Campaign object) and the Pelican settings
SITENAME, AUTHOR, TIMEZONE, DEFAULT_LANG, THEME_TEMPLATES_OVERRIDES, THEME_STATIC_PATHS.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pelican import signals

from content_checks import fields
from content_checks.plugin import register_check

from .context import of
from .home import FIELDS, TEMPLATE, actions_of
from .placeholders import find_placeholders, notice


def _start(pelican) -> None:
    of(pelican.settings)


def _check(settings) -> list:
    of(settings)  # its problems are already in the shared list
    return []


@functools.lru_cache(maxsize=8192)
def _relative(source_path: str, content: Path) -> str | None:
    """A content file's path inside the content folder (resolving a path costs a system call per folder, and every
    file is asked about once per edition and build, and again by each translation)."""
    try:
        return Path(source_path).resolve().relative_to(content).as_posix()
    except ValueError:
        return None


def resolve_links(generators) -> None:
    """Give every menu, footer, page-role and home-button link the address of the page it names."""
    settings = generators[0].settings
    campaign = of(settings)
    content = Path(settings["PATH"]).resolve()
    by_file = {}

    def relative_of(item) -> str | None:
        return _relative(str(item.source_path), content)

    for generator in generators:
        for name in ("pages", "hidden_pages", "articles", "hidden_articles"):
            for item in getattr(generator, name, []) or []:
                relative = relative_of(item)
                if relative:
                    by_file.setdefault(relative, item.url)
                # In a language edition, a link to a page's file in another language goes to this edition's version.
                for translation in getattr(item, "translations", []) or []:
                    if relative_of(translation):
                        by_file.setdefault(relative_of(translation), item.url)
    homes = [page for generator in generators for page in getattr(generator, "pages", []) or []
             if getattr(page, "template", "") == TEMPLATE]
    for page in homes:
        page.home_actions = actions_of(page.metadata.get("action"))
    links = [*campaign.menu, *campaign.footer, *campaign.pages.values(), *(action for page in homes for action in page.home_actions)]
    for link in links:
        link.url = by_file.get(link.page, "") if link.is_file else link.page


def report_placeholders(pelican) -> None:
    """After the site is written: every placeholder (FILL IN) the campaign still has. A notice, not an error: a new
    campaign builds and passes the quality gate at once; `invoke publish` refuses it until none is left."""
    text = notice(find_placeholders(of(pelican.settings).folder))
    if text:
        print(text)


def register():
    for field in FIELDS:
        fields.register_field(field)
    signals.initialized.connect(_start)
    register_check(_check)
    signals.all_generators_finalized.connect(resolve_links)
    signals.finalized.connect(report_placeholders)
