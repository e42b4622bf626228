"""Install gettext, language editions and plain-language date filters into the theme's Jinja environment.

Every theme string goes through gettext, so a language edition needs a catalog in theme/translations/, not
template changes. Reads: DEFAULT_LANG, EDITIONS_MAIN_LANG, I18N_SUBSITES, SITE_EDITIONS (site words per language,
from data/site.toml). Adds to templates: `edition` (an Editions), `edition_links(output_file)`, the `plain_date`
and `machine_date` filters, and Babel formatting filters (`number`, `money`, `percent`, `plain_datetime`).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import io
import logging
import sys

from babel.messages.mofile import write_mo
from babel.support import NullTranslations, Translations
from pelican import signals

from campaign import of as campaign_of
from content_checks.plugin import default_slugger, register_check
from sources.problems import shown_path

from . import editions as editions_module
from . import agreement, catalog, crosslinks, formats, report
from . import text as text_module
from .dates import machine_date, plain_date
from .editions import LANGUAGE_NAMES, babel_locale, editions_of


logger = logging.getLogger(__name__)


_loaded: dict = {}


def load_translations(theme: str, lang: str):
    """Return the theme's catalog for `lang`, compiled from its .po file, or a pass-through one when there is none.

    Read once per version of the .po file (size and time): every generator of an edition asks for it, and the
    preview builds again and again in one process."""
    po = catalog.po_path(Path(theme), lang)
    try:
        stat = po.stat()
        key = (str(po), lang, stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = (str(po), lang, None, None)
    if key not in _loaded:
        _loaded[key] = _read_translations(po, lang)
    return _loaded[key]


def _read_translations(po: Path, lang: str):
    found = catalog.read_catalog(po, lang)
    if found is None:
        return NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, found, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=catalog.DOMAIN)


_texts: dict = {}


def edition_text(settings) -> text_module.Text:
    """The Text (gettext + Babel formats) of the edition being built, for words that plugins write in Python."""
    lang = editions_of(settings).current
    theme = Path(settings["THEME"])
    po = catalog.po_path(theme, lang)
    key = (str(theme), lang, po.stat().st_mtime_ns if po.is_file() else 0)
    if key not in _texts:
        _texts[key] = text_module.text_for(lang, load_translations(str(theme), lang))
    return _texts[key]


def check_catalogs_and_translations(settings) -> list:
    """At build start: compile each edition's catalog for gettext, report missing theme strings, check that
    translated files agree with their originals, and note files waiting for review (build report)."""
    set_up_editions(settings)
    edition = editions_of(settings)
    content_root = Path(settings["PATH"])
    root = content_root.resolve().parent

    default_slug = default_slugger(settings)
    problems = agreement.check_translations(content_root, edition.main, default_slug, root)
    if not edition.is_main or not edition.others:
        return problems
    theme = Path(settings["THEME"])
    compiled = Path(settings.get("CACHE_PATH") or "cache") / "translations"
    settings["I18N_GETTEXT_LOCALEDIR"] = str(compiled)
    project = Path(settings.get("EDITIONS_PROJECT_ROOT") or Path.cwd())
    strings = catalog.theme_strings(project, theme, [Path(path) for path in settings.get("EDITIONS_STRING_FILES", [])],
                                    compiled)
    coverages = []
    for lang in edition.others:
        po = catalog.po_path(theme, lang)
        found = catalog.read_catalog(po, lang)
        catalog.compile_catalog(found if found is not None else catalog.Catalog(locale=lang), compiled, lang)
        result = catalog.coverage(strings, found, lang)
        coverages.append(result)
        if result.missing:
            # The list goes straight to the terminal, one line each (the log would wrap the file names).
            name = editions_module.language_in(lang, "en_US")
            shown = shown_path(po, project)
            for text, where in result.missing:
                also = f" (also used in {', '.join(f'{p}:{n}' for p, n in where[1:])})" if where[1:] else ""
                sys.stderr.write(f'{where[0][0]}:{where[0][1]}: "{text}" has no {name} translation in {shown}{also}.\n')
            logger.warning("%s of %s theme strings (listed above) have no %s translation. Run `invoke messages "
                           "--lang %s`, write each translation on the msgstr line under its msgid in %s, and build "
                           "again.", len(result.missing), result.total, name, lang, shown)
    needs_review = []
    for version in agreement.read_versions(content_root, edition.main, default_slug, root):
        if version.document.value("translation_status").casefold() == "needs review":
            needs_review.append(version.shown)
    report.remember(coverages, needs_review)
    return problems


def set_up_editions(settings) -> None:
    """In the main edition: the campaign's language, and its other editions (data/site.toml `editions`) for
    pelican-i18n-subsites. Called by whichever start-of-build step runs first; the same every time."""
    if settings.get("EDITION_LANG") or settings.get("EDITIONS_MAIN_LANG"):
        return
    campaign = campaign_of(settings)
    settings["EDITIONS_MAIN_LANG"] = campaign.language.lower()
    # Files without a Lang line are in the main language, in every edition.
    settings["DEFAULT_METADATA"] = {**(settings.get("DEFAULT_METADATA") or {}), "lang": campaign.language.lower()}
    static = list(settings.get("THEME_STATIC_PATHS") or ["static"])
    # Each edition copies the theme's files into its own theme/, so every relative link in the theme works; it
    # makes its own campaign context (CAMPAIGN None) with the words of data/site.LANG.toml (EDITION_LANG).
    settings["I18N_SUBSITES"] = {lang: {"THEME_STATIC_DIR": "theme", "THEME_STATIC_PATHS": static,
                                        "CAMPAIGN": None, "EDITION_LANG": lang} for lang in campaign.editions}


def configure_edition(pelican) -> None:
    """Settings of a language edition built by pelican-i18n-subsites: its absolute addresses."""
    settings = pelican.settings
    set_up_editions(settings)
    edition = editions_of(settings)
    settings.setdefault("EDITIONS_MAIN_CANONICAL", str(settings.get("CANONICAL_SITEURL", "")).rstrip("/"))
    if edition.is_main:
        return
    folder = edition.root_path(edition.current).rstrip("/")
    main_canonical = settings["EDITIONS_MAIN_CANONICAL"]
    settings["CANONICAL_SITEURL"] = f"{main_canonical}/{folder}"
    if settings.get("FEED_DOMAIN"):
        settings["FEED_DOMAIN"] = f"{str(settings['FEED_DOMAIN']).rstrip('/')}/{folder}"
    settings["SITE_ROOT"] = f"{settings.get('SITE_ROOT', '')}/{folder}"
    # robots.txt means something only at the host's root.
    settings["TEMPLATE_PAGES"] = {source: target for source, target in (settings.get("TEMPLATE_PAGES") or {}).items()
                                  if target != "robots.txt"}


def page_path(output_file: str | None) -> str:
    """The address of a written file below its edition's root: "what-is-heart/" for what-is-heart/index.html."""
    if not output_file:
        return ""
    return output_file[: -len("index.html")] if output_file.endswith("index.html") else output_file


def install(generator) -> None:
    settings = generator.settings
    edition = editions_of(settings)
    lang = edition.current
    locale = babel_locale(lang)
    translations = load_translations(settings["THEME"], lang)
    env = generator.env
    env.install_gettext_translations(translations, newstyle=True)
    env.filters["plain_date"] = partial(plain_date, locale=locale, translations=translations)
    env.filters["machine_date"] = machine_date
    env.filters["number"] = partial(formats.number, locale=locale)
    env.filters["money"] = partial(formats.money, locale=locale)
    env.filters["percent"] = partial(formats.percent, locale=locale)
    env.filters["plain_datetime"] = partial(formats.plain_datetime, locale=locale,
                                            timezone=campaign_of(settings).timezone)
    main_canonical = settings.get("EDITIONS_MAIN_CANONICAL", str(settings.get("CANONICAL_SITEURL", "")).rstrip("/"))

    def edition_links(output_file: str | None, path: str | None = None) -> list[dict]:
        """Each other edition's version of this page (or of `path`): relative link, absolute address, language."""
        path = page_path(output_file) if path is None else path
        links = []
        for other in edition.languages:
            if other == lang:
                continue
            links.append({"lang": other, "name": LANGUAGE_NAMES.get(other, other),
                          "href": edition.relative_root(other) + path,
                          "absolute": f"{main_canonical}/{edition.root_path(other)}{path}"})
        return links

    env.globals["edition"] = edition
    env.globals["edition_links"] = edition_links
    env.globals["edition_page_path"] = page_path
    # A language named in the reader's language: "inglés" on a Spanish page.
    env.globals["language_name"] = partial(editions_module.language_in, locale=locale)


def name_updates_feed(context, feed) -> None:
    """Pelican's updates feed in the edition's language: its xml:lang and its title ("Novedades de ..."), the
    words of the page head's feed link, where Pelican would give only the site's name."""
    if not str(feed.feed.get("feed_url", "")).endswith(str(context.get("FEED_ATOM") or "\0")):
        return
    text = edition_text(context)
    feed.feed["language"] = text.lang
    feed.feed["title"] = text._("Updates from %(site)s", site=context.get("SITENAME", ""))


def settle_editions(pelican) -> None:
    """Once the last edition is written (the main one: pelican-i18n-subsites writes the others first)."""
    settings = pelican.settings
    edition = editions_of(settings)
    if not edition.is_main or not edition.others:
        return
    try:  # with plugins/incremental, the files this build produced (the others are stale and about to go)
        from incremental.files import produced

        written = set(produced.paths) if "incremental" in settings.get("PLUGINS", []) else None
    except ImportError:
        written = None
    result = crosslinks.settle(Path(pelican.output_path), edition,
                               settings.get("EDITIONS_MAIN_CANONICAL") or str(settings.get("SITEURL", "")), written)
    report.write(Path(pelican.output_path), settings, result)


def register():
    register_check(check_catalogs_and_translations)
    signals.finalized.connect(settle_editions)
    signals.initialized.connect(configure_edition)
    signals.generator_init.connect(install)
    signals.feed_generated.connect(name_updates_feed)


__all__ = ["register", "load_translations", "editions_module"]
