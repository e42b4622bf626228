"""Words built in Python, in the language of the edition being written. Knows nothing of Pelican.

Plugins that write sentences (deadlines, chart summaries, notices, calendar titles) take a `Text` and call
`text._("Sign up to speak by %(when)s.", when=...)`: the message is looked up in the theme's catalog (the same
theme/translations/LANG/LC_MESSAGES/messages.po the templates use, so one `invoke messages --lang es` collects
both), and dates, times, numbers and money come out in the edition's conventions through Babel (formats.py).
`ENGLISH` is the default everywhere, so code and tests that pass no Text keep writing English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from gettext import NullTranslations

from babel.dates import format_date, format_skeleton

from . import formats

# English house style writes small counts as words ("two business days before the meeting").
_ENGLISH_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                         9: "nine", 10: "ten"}


@dataclass(frozen=True)
class Text:
    lang: str = "en"
    locale: str = "en_US"
    translations: NullTranslations = field(default_factory=NullTranslations, compare=False)

    @property
    def is_english(self) -> bool:
        return self.lang == "en"

    def _(self, message: str, **values) -> str:
        """The message in this language, with %(name)s values filled in."""
        translated = self.translations.gettext(message)
        return translated % values if values else translated

    def n_(self, singular: str, plural: str, number: int, **values) -> str:
        """The singular or plural message for `number` (the language's own plural rule); %(count)s shows
        `number` unless `count=` gives other words for it ("two")."""
        translated = self.translations.ngettext(singular, plural, number)
        return translated % {"count": number, **values}

    def count_words(self, number: int) -> str:
        """ "two" in English for 1 to 10 (house style), digits otherwise and in other languages."""
        return _ENGLISH_NUMBER_WORDS.get(number, str(number)) if self.is_english else self.number(number)

    def number(self, value) -> str:
        return formats.number(value, self.locale)

    def money(self, value, cents: bool | None = None) -> str:
        return formats.money(value, self.locale, cents=cents)

    def percent(self, value) -> str:
        return formats.percent(value, self.locale)

    def clock(self, moment: datetime | time) -> str:
        """ "noon", "7 p.m.", "6:30 p.m." in English (house style); "7:00 p.m." in Spanish (CLDR es_US)."""
        if self.is_english:
            hour, minute = moment.hour, moment.minute
            if (hour, minute) == (12, 0):
                return "noon"
            if (hour, minute) == (0, 0):
                return "midnight"
            suffix = "a.m." if hour < 12 else "p.m."
            shown = hour % 12 or 12
            return f"{shown} {suffix}" if minute == 0 else f"{shown}:{minute:02d} {suffix}"
        return formats.clock(moment, self.locale)

    def day(self, value: date) -> str:
        """ "Monday, May 15, 2023" / "lunes, 15 de mayo de 2023"."""
        return format_date(value, format="full", locale=self.locale)

    def long_date(self, value: date) -> str:
        """ "May 15, 2023" / "15 de mayo de 2023"."""
        return format_date(value, format="long", locale=self.locale)

    def plain_date(self, value, precision: str = "day") -> str:
        """ "October 23, 2023", "April 2025", "Spring 2023", "2024" / "23 de octubre de 2023", "primavera de 2023"."""
        from .dates import plain_date

        return plain_date(value, precision, locale=self.locale, translations=self.translations)

    def month(self, value: date) -> str:
        """ "May 2023" / "mayo de 2023"."""
        return format_skeleton("yMMMM", value, locale=self.locale)


ENGLISH = Text()


def default_word(message: str) -> str:
    """Marks an engine's default word where it is written, imported as `_` so `invoke messages` collects it
    (`from localization.text import default_word as _`); an edition shows it with `Text._`, in its language."""
    return message


def text_for(lang: str, translations=None) -> Text:
    """The Text of a language, with its catalog (a pass-through one when there is none)."""
    from .editions import babel_locale

    return Text(lang, babel_locale(lang), translations or NullTranslations())
