"""Numbers, money, percentages, times and date-times in a language's conventions, with Babel. Knows nothing of Pelican.

The one place where the site turns a number or a moment into words for readers; plugins and templates call these
with the edition's Babel locale (editions.babel_locale): "7:00 p.m." and "lunes, 15 de mayo de 2023" in es_US,
"7 PM" and "Monday, May 15, 2023" in en_US.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal, format_percent


def _is_english(locale: str) -> bool:
    return str(locale).split("_")[0] == "en"


def number(value, locale: str = "en_US") -> str:
    """12,345 in en_US and es_US; 12.345 in es (Spain)."""
    return format_decimal(value, locale=locale)


def money(value, locale: str = "en_US", currency: str = "USD", cents: bool | None = None) -> str:
    """$4,000,000 (whole dollars unless the amount has cents, or cents=True)."""
    amount = Decimal(str(value))
    if cents is None:
        cents = amount != amount.to_integral_value()
    pattern = None if cents else "¤#,##0"
    return format_currency(amount, currency, locale=locale, format=pattern, currency_digits=cents)


def percent(value, locale: str = "en_US") -> str:
    """0.35 -> 35%."""
    return format_percent(value, locale=locale)


def clock(moment: datetime | time, locale: str = "en_US") -> str:
    """A time of day as people say it: "7 PM" and "12:30 PM" in English; "7:00 p.m." in Spanish (CLDR short)."""
    if _is_english(locale):
        hour = moment.hour % 12 or 12
        minutes = f":{moment.minute:02d}" if moment.minute else ""
        if moment.hour == 12 and not moment.minute:
            return "noon"
        if moment.hour == 0 and not moment.minute:
            return "midnight"
        return f"{hour}{minutes} {'AM' if moment.hour < 12 else 'PM'}"
    return format_time(moment, format="short", locale=locale)


def full_day(day: date, locale: str = "en_US") -> str:
    """ "Monday, May 15, 2023" / "lunes, 15 de mayo de 2023"."""
    return format_date(day, format="full", locale=locale)


def plain_datetime(moment: datetime, locale: str = "en_US", timezone: str | None = None) -> str:
    """ "Monday, May 15, 2023, 7 PM" / "lunes, 15 de mayo de 2023, 7:00 p.m." in the site's time zone."""
    if timezone and moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(timezone))
    return f"{full_day(moment.date(), locale)}, {clock(moment, locale)}"
