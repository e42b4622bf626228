"""Install gettext and date filters into the theme's Jinja environment.

Every theme string goes through gettext, so a Spanish edition needs a catalog in
theme/translations/, not template changes.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from babel.support import Translations
from pelican import signals

from .dates import machine_date, plain_date


def load_translations(theme: str, lang: str):
    """Return the catalog for `lang`, or a pass-through one when there is none."""
    return Translations.load(str(Path(theme) / "translations"), [lang], domain="messages")


def install(generator) -> None:
    settings = generator.settings
    lang = settings.get("DEFAULT_LANG", "en")
    translations = load_translations(settings["THEME"], lang)
    env = generator.env
    env.install_gettext_translations(translations, newstyle=True)
    env.filters["plain_date"] = partial(plain_date, locale=lang, translations=translations)
    env.filters["machine_date"] = machine_date


def register():
    signals.generator_init.connect(install)
