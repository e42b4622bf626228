"""Dates in plain language for the site's language, with babel. Knows nothing of Pelican."""

from __future__ import annotations

from datetime import date, datetime
from gettext import NullTranslations

from babel.dates import format_date, format_skeleton

# Meteorological seasons, as most readers think of them (spring is March to May).
_SEASON_OF_MONTH = {12: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1, 6: 2, 7: 2, 8: 2, 9: 3, 10: 3, 11: 3}


def partial_date(text: str) -> tuple[date, str]:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into (first day, precision). Raises ValueError."""
    parts = text.strip().split("-")
    if len(parts) == 1:
        return date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1), "month"
    return date.fromisoformat(text.strip()), "day"


def plain_date(value, precision: str = "day", locale: str = "en", translations=None) -> str:
    """"October 23, 2023", "April 2025", "Spring 2023" or "2024", in the given locale."""
    translations = translations or NullTranslations()
    if isinstance(value, str):
        value, parsed_precision = partial_date(value)
        if precision == "day":
            precision = parsed_precision
    if isinstance(value, datetime):
        value = value.date()
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return format_skeleton("yMMMM", value, locale=locale)
    if precision == "season":
        names = [translations.gettext("Winter"), translations.gettext("Spring"),
                 translations.gettext("Summer"), translations.gettext("Fall")]
        return translations.gettext("%(season)s %(year)s") % {"season": names[_SEASON_OF_MONTH[value.month]],
                                                                "year": value.year}
    return format_date(value, format="long", locale=locale)


def machine_date(value, precision: str = "day") -> str:
    """The `datetime` attribute for <time>: as exact as the date is known, never more."""
    if isinstance(value, str):
        value, parsed_precision = partial_date(value)
        if precision == "day":
            precision = parsed_precision
    if precision in ("year", "season"):
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.strftime("%Y-%m-%d")
