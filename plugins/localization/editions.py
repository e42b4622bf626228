"""Language editions of one site: which edition is being built, and what each language's item is. No Pelican here.

The site is built once per language by pelican-i18n-subsites: the main language at the root, every other one
under `/<lang>/` (`I18N_SUBSITES` in the settings). A page is translated by a file with the same `Slug` and another
`Lang` (`what-is-heart.es.md` next to `what-is-heart.md`). An edition shows its own language's version of each
item; an item with no version in that language is still listed, marked untranslated, and its page says so in the
edition's language and links to the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

# The names people look for in a language switcher: each language written in itself.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
# Babel locales for dates, numbers and money, per language. Spanish follows US conventions (es_US: "7:00 p.m.",
# "20,000", "$4,000,000"), the ones US Spanish-language media and city pages use, not Spain's ("20.000").
BABEL_LOCALES = {"en": "en_US", "es": "es_US"}


@dataclass(frozen=True)
class Editions:
    """The languages of one build: `main` at the site root, `others` below it, `current` being written now."""

    main: str
    others: tuple[str, ...]
    current: str

    @property
    def languages(self) -> tuple[str, ...]:
        return (self.main, *self.others)

    @property
    def is_main(self) -> bool:
        return self.current == self.main

    def root_path(self, lang: str) -> str:
        """The edition's folder below the site root: "" for the main language, "es/" for Spanish."""
        return "" if lang == self.main else f"{lang}/"

    def relative_root(self, lang: str) -> str:
        """From the current edition's root to `lang`'s root: "es/" from English, "../" from Spanish."""
        up = "" if self.is_main else "../"
        return up + self.root_path(lang)


def editions_of(settings) -> Editions:
    """The editions described by the settings: the main language and the I18N_SUBSITES ones."""
    current = str(settings.get("DEFAULT_LANG", "en"))
    main = str(settings.get("EDITIONS_MAIN_LANG") or current)
    others = tuple(lang for lang in (settings.get("I18N_SUBSITES") or {}) if lang != main)
    if current != main and current not in others:
        others = (*others, current)
    return Editions(main, others, current)


def babel_locale(lang: str) -> str:
    return BABEL_LOCALES.get(lang, lang)


def language_in(code: str, locale: str = "en_US") -> str:
    """The name of language `code` in `locale`'s language: "inglés" for en in es_US, "Spanish" for es in en_US."""
    from babel import Locale

    return Locale.parse(locale).languages.get(code, code)


def pick_edition(items: Iterable[T], lang: str, key: Callable[[T], object],
                 lang_of: Callable[[T], str]) -> list[tuple[T, bool]]:
    """Of the items that share a key (the same page in several languages), keep the one in `lang`.

    Returns (item, translated) pairs in the order each key first appears. An item with no version in `lang` is
    kept, with translated False, so it is still listed and its page can say that it is not translated.
    """
    groups: dict[object, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    chosen = []
    for group in groups.values():
        native = [item for item in group if lang_of(item) == lang]
        chosen.append((native[0], True) if native else (group[0], False))
    return chosen
