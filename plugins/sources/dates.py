"""The sane window for any date the site shows: a meeting or event outside it is a typo or a hostile source.

Python's dates end at year 9999 and start at year 1, so a record dated 9999-12-31 (or 0001-01-01) makes the first
"one day later" or time-zone conversion overflow. Sources and content both refuse dates outside this window,
naming the record or the file and line, before any such arithmetic can run. Pure; no Pelican.
"""

from __future__ import annotations

from datetime import date, datetime

FIRST_YEAR = 1900
LAST_YEAR = 2199
YEARS = f"{FIRST_YEAR}-{LAST_YEAR}"


def in_range(value: date | datetime) -> bool:
    """True when `value` (a date or datetime) falls in the years FIRST_YEAR..LAST_YEAR."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def out_of_range(text: str) -> str:
    """The words for a date outside the window, e.g. '9999-12-31 is outside the years 1900-2199'."""
    return f"{text} is outside the years {YEARS}"
