"""Meetings written by organizers (content/meetings/*.md), meetings expected from a published schedule, and
merging them with fetched meetings. Pure: text and records in, records and problems out.

A Markdown meeting with the same body and day as a fetched one annotates it (why it matters, the agenda
items to watch) instead of showing the meeting twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from content_checks.header import read_header
from content_checks.problems import Problem
from sources.dates import in_range, out_of_range
from sources.examples import is_example
from sources.links import is_web_address, web_link
from sources.meeting import Meeting
from sources.provenance import Provenance

_WHEN_EXAMPLE = "Write it like: When: 2023-05-15 19:00 (or just 2023-05-15 when the hour is not known)"


@dataclass(frozen=True)
class OrganizerMeeting:
    """What an organizer wrote about one meeting."""

    path: str
    title: str
    body: str
    day: date
    start: datetime | None
    notes: str  # Markdown: why it matters, talking points
    location: str = ""
    agenda_url: str = ""
    minutes_url: str = ""
    video_url: str = ""
    cancelled: bool = False
    agenda_items: tuple[str, ...] = ()
    source: Provenance = Provenance()  # Source (its address) and Source_name
    summary: str = ""
    slug: str = ""
    example: bool = False
    status: str = "published"
    lang: str = ""  # "" means the site's main language
    translated: bool = True  # False when shown in an edition of another language

    def as_meeting(self, retrieved_at: str) -> Meeting:
        return Meeting(
            id=f"markdown:{self.path}", body=self.body, day=self.day, start=self.start, source_kind="markdown",
            source=replace(self.source, as_of=retrieved_at), title=self.title,
            location=self.location, status="cancelled" if self.cancelled else "scheduled", agenda_url=self.agenda_url,
            minutes_url=self.minutes_url, video_url=self.video_url, example=self.example)


def _yes(value: str) -> bool:
    return value.strip().lower() in ("yes", "true")


def read_meeting(display: str, text: str, zone: ZoneInfo) -> tuple[OrganizerMeeting | None, list[Problem]]:
    """Return the meeting in one Markdown file and every problem in it."""
    document = read_header(text)
    problems: list[Problem] = []

    value, line = document.value, document.line

    body = value("body")
    if not body:
        problems.append(Problem(display, line("body") or 1, "Body", "is missing: which council or board meets?",
                                "Add a line like: Body: City Council (spelled as on the city's agenda page)"))
    day, start = None, None
    when = value("when")
    if not when:
        problems.append(Problem(display, line("when") or 1, "When", "is missing.", _WHEN_EXAMPLE))
    else:
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when):
                day = date.fromisoformat(when)
            else:
                moment = datetime.fromisoformat(when)
                if not in_range(moment):
                    raise OverflowError
                start = moment.astimezone(zone) if moment.tzinfo else moment.replace(tzinfo=zone)
                day = start.date()
        except ValueError:
            problems.append(Problem(display, line("when"), "When", f'"{when}" is not a date and time.', _WHEN_EXAMPLE))
        except OverflowError:
            problems.append(Problem(display, line("when"), "When", f"{out_of_range(when)}.", _WHEN_EXAMPLE))
        if day is not None and not in_range(day):
            problems.append(Problem(display, line("when"), "When", f"{out_of_range(when)}.", _WHEN_EXAMPLE))
            day = start = None
    for key in ("agenda", "minutes", "video", "source"):
        url = value(key)
        if url and not is_web_address(url):
            problems.append(Problem(display, line(key), key.capitalize(), f'"{url}" is not a web address.',
                                    f"Write the full address, like: {key.capitalize()}: https://www.example.gov/AgendaCenter/City-Council-4"))
    example = is_example(value("example"))
    if not example and not value("source_name"):
        # Honest pages: a meeting nobody can check does not go on the site.
        problems.append(Problem(display, 1, "Source_name", "is missing: say where this meeting is announced.",
                                "Add a line like: Source_name: City agenda page (and Source: with its address)"))
    cancelled = value("cancelled")
    if cancelled and cancelled.lower() not in ("yes", "no", "true", "false"):
        problems.append(Problem(display, line("cancelled"), "Cancelled", f'"{cancelled}" is not yes or no.',
                                "Write: Cancelled: yes"))
    if problems:
        return None, problems
    items = tuple(item.strip() for item in value("agenda_items").split(";") if item.strip())
    return OrganizerMeeting(
        path=display, title=value("title"), body=body, day=day, start=start, notes=document.body.strip(),
        location=value("where"), agenda_url=web_link(value("agenda")) or "", minutes_url=web_link(value("minutes")) or "",
        video_url=web_link(value("video")) or "",
        cancelled=_yes(cancelled), agenda_items=items, source=Provenance.of(value("source_name"), value("source")),
        summary=value("summary"), slug=value("slug"), example=example, status=(value("status") or "published").lower(),
        lang=value("lang"),
    ), []


def meeting_key(body: str, day: date) -> tuple[str, date]:
    return (" ".join(body.split()).casefold(), day)


@dataclass
class MergedMeeting:
    """One meeting as the site shows it: the best fetched record, plus what organizers wrote about it."""

    meeting: Meeting
    organizer: OrganizerMeeting | None = None
    also_from: list[Meeting] = field(default_factory=list)  # other sources that list the same meeting

    @property
    def key(self):
        return meeting_key(self.meeting.body, self.meeting.day)


def merge_meetings(fetched: list[Meeting], organizer: list[OrganizerMeeting], expected: list[Meeting],
                   retrieved_at: str) -> list[MergedMeeting]:
    """Combine sources: fetched first (in source order), then organizer notes, then schedule-only meetings.

    Two sources with the same body and day are one meeting; missing links are filled from the later source.
    """
    merged: dict[tuple[str, date], MergedMeeting] = {}
    for meeting in fetched:
        key = meeting_key(meeting.body, meeting.day)
        if key not in merged:
            merged[key] = MergedMeeting(meeting)
            continue
        known = merged[key]
        known.also_from.append(meeting)
        known.meeting = _fill_gaps(known.meeting, meeting)
    for note in organizer:
        key = meeting_key(note.body, note.day)
        if key in merged:
            base = merged[key].meeting
            filled = _fill_gaps(base, note.as_meeting(retrieved_at))
            if note.cancelled:
                filled = filled.with_changes(status="cancelled")
            merged[key].meeting = filled
            merged[key].organizer = note
        else:
            merged[key] = MergedMeeting(note.as_meeting(retrieved_at), organizer=note)
    for meeting in expected:
        key = meeting_key(meeting.body, meeting.day)
        if key not in merged:
            merged[key] = MergedMeeting(meeting)
    return sorted(merged.values(), key=lambda item: (item.meeting.day, item.meeting.start or datetime.min.replace(
        tzinfo=ZoneInfo("UTC")), item.meeting.body))


def _fill_gaps(base: Meeting, other: Meeting) -> Meeting:
    changes = {}
    for name in ("location", "agenda_url", "minutes_url", "video_url", "details_url", "comment", "agenda_html_url",
                 "items"):
        if not getattr(base, name) and getattr(other, name):
            changes[name] = getattr(other, name)
    if base.start is None and other.start is not None:
        changes["start"] = other.start
    return base.with_changes(**changes) if changes else base


def expected_meetings(schedule: dict, today: date, zone: ZoneInfo) -> list[Meeting]:
    """Meetings the body's published schedule says are coming ("1st and 3rd Monday, 7 p.m."), for `days_ahead`.

    They are labelled on the page as expected, not confirmed: a holiday can move a meeting, and only the
    agenda confirms it.
    """
    weekday = int(schedule["weekday"])  # Monday is 0
    weeks = [int(week) for week in schedule["weeks"]]
    clock = time.fromisoformat(schedule["time"]) if schedule.get("time") else None
    end = today + timedelta(days=int(schedule.get("days_ahead", 60)))
    meetings = []
    month = date(today.year, today.month, 1)
    while month <= end:
        first = month + timedelta(days=(weekday - month.weekday()) % 7)
        for week in weeks:
            day = first + timedelta(weeks=week - 1)
            if day.month == month.month and today <= day <= end:
                meetings.append(Meeting(
                    id=f"schedule:{schedule['body']}:{day.isoformat()}", body=schedule["body"], day=day,
                    start=datetime.combine(day, clock, tzinfo=zone) if clock else None, source_kind="schedule",
                    source=Provenance(schedule.get("source_name", ""), schedule.get("source_url", "")),
                    title=schedule["body"], location=schedule.get("location", ""),
                    details_url=schedule.get("details_url", "")))
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return meetings
