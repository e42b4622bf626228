"""iCalendar files and "add to calendar" links for anything with a start and an end. Knows nothing of Pelican.

Other plugins (council meetings) put their items into the site's `events.ics` with `register_calendar_source`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

# icalendar (about 0.1 s to import) is imported when a calendar file is made; the generator keeps made files in
# the build cache, so a build whose events did not change does not import it.

# RFC 5545 3.8.1.11 has no "postponed": the old time is tentative until a new one is set.
_ICAL_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}


@dataclass(frozen=True)
class CalendarItem:
    """One thing that happens at a known time. `uid` must never change once published, or calendars show it twice."""

    uid: str
    title: str
    start: datetime  # aware, in the time zone people should see
    end: datetime
    url: str  # absolute address of its page
    location: str = ""
    description: str = ""
    status: str = "scheduled"  # scheduled, cancelled or postponed
    # The title when the status is not "scheduled", in the language of the edition (localization.text).
    cancelled_title: str = "Cancelled: %(title)s"
    postponed_title: str = "Postponed: %(title)s"

    @property
    def shown_title(self) -> str:
        if self.status == "cancelled":
            return self.cancelled_title % {"title": self.title}
        if self.status == "postponed":
            return self.postponed_title % {"title": self.title}
        return self.title


# Functions `fn(context) -> Iterable[CalendarItem]`, asked when events.ics is written (after every plugin's
# context is ready), so council meetings and other kinds join the one subscription.
_sources: list[Callable[[dict], Iterable[CalendarItem]]] = []


def register_calendar_source(source: Callable[[dict], Iterable[CalendarItem]]) -> None:
    """Add a function that returns more items for the site-wide events.ics."""
    if source not in _sources:
        _sources.append(source)


def calendar_sources() -> list[Callable[[dict], Iterable[CalendarItem]]]:
    return list(_sources)


def to_vevent(item: CalendarItem, stamp: datetime):
    """The item as an icalendar.Event."""
    import icalendar

    event = icalendar.Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", item.start)
    event.add("dtend", item.end)
    event.add("summary", item.shown_title)
    event.add("status", _ICAL_STATUS.get(item.status, "CONFIRMED"))
    if item.location:
        event.add("location", item.location)
    description = "\n\n".join(part for part in (item.description, item.url) if part)
    if description:
        event.add("description", description)
    event.add("url", item.url)
    return event


def build_calendar(items: Iterable[CalendarItem], name: str, stamp: datetime) -> bytes:
    """An iCalendar file with one VEVENT per item and a VTIMEZONE for every zone used. Sorted, so rebuilds match."""
    import icalendar

    calendar = icalendar.Calendar()
    # Product id: who made the file (the site's name), as RFC 5545 asks.
    calendar.add("prodid", f"-//{name}//civic-campaign-site//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # How often subscribers should look again (RFC 7986 and Outlook's older name), so a cancellation
    # reaches people's phones within hours.
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    items = sorted(items, key=lambda item: (item.start, item.uid))
    for item in items:
        calendar.add_component(to_vevent(item, stamp))
    if items:
        # Only the transitions around these events, so the file stays small.
        first = min(item.start for item in items).date() - timedelta(days=366)
        last = max(item.end for item in items).date() + timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def google_calendar_url(item: CalendarItem) -> str:
    """Google Calendar's "create event" page, pre-filled; wall-clock times with ctz so DST is Google's job."""
    fmt = "%Y%m%dT%H%M%S"
    query = {
        "action": "TEMPLATE",
        "text": item.shown_title,
        "dates": f"{item.start.strftime(fmt)}/{item.end.strftime(fmt)}",
        "ctz": str(item.start.tzinfo),
        "details": "\n\n".join(part for part in (item.description, item.url) if part),
        "location": item.location,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(item: CalendarItem) -> str:
    """Outlook on the web's compose form; it wants ISO 8601 with the UTC offset."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": item.shown_title,
        "startdt": item.start.isoformat(),
        "enddt": item.end.isoformat(),
        "location": item.location,
        "body": "\n\n".join(part for part in (item.description, item.url) if part),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)
