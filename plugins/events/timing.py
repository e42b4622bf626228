"""When an event happens, in plain language with babel: "Monday, May 1, 2023, 6 – 8 PM" or "Spring 2023"."""

from __future__ import annotations

from babel.dates import format_date, format_interval, format_skeleton, get_timezone_name

from localization.dates import plain_date

from .model import Event


def _clock(value, locale: str) -> str:
    # "6 PM" on the hour, "6:30 PM" otherwise: nobody writes "6:00 PM" on a flyer.
    # Skeletons follow the locale (24-hour clocks where people use them); a narrow no-break space, as in
    # babel's intervals, keeps "10 PM" on one line.
    return format_skeleton("h" if value.minute == 0 else "hm", value, locale=locale).replace(" ", "\u202f")


def plain_when(event: Event, site_timezone: str, locale: str = "en", translations=None) -> str:
    """The day and time as people say it; an approximate date as exact as it is known."""
    if not event.exact:
        return plain_date(event.approximate_date, event.precision, locale=locale, translations=translations)
    start, end = event.start, event.end
    day = format_date(start.date(), "full", locale=locale)
    if start.date() == end.date():
        same_half = (start.hour < 12) == (end.hour < 12)
        skeleton = "h" if start.minute == 0 and end.minute == 0 else "hm"
        if same_half or skeleton == "h":
            hours = format_interval(start.time(), end.time(), skeleton, locale=locale)
        else:
            hours = f"{_clock(start, locale)} – {_clock(end, locale)}"
        text = f"{day}, {hours}"
    else:
        text = (f"{day}, {_clock(start, locale)} – "
                f"{format_date(end.date(), 'full', locale=locale)}, {_clock(end, locale)}")
    if event.timezone != site_timezone:
        zone_name = get_timezone_name(start.tzinfo, "long", zone_variant="generic", locale=locale)
        text = f"{text} ({zone_name})"
    return text
