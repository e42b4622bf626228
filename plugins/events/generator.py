"""The Pelican generator for events: reads content/events/, fills the context, writes pages, flyers and .ics files."""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
from datetime import datetime
from functools import partial
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape
from pelican.contents import Page
from pelican.generators import Generator

from campaign import of as campaign_of
from content_checks.header import file_header
from incremental.files import write_if_changed
from sources.textfiles import UnreadableFile
from localization.editions import babel_locale, editions_of, pick_edition
from localization.plugin import edition_text, load_translations
from sources.atomicfile import write_atomic
from sources.problems import shown_path

from . import calendar
from .fields import FOLDER
from .jsonld import event_jsonld, script_json
from .model import EVENT_STATUSES, Event, parse_event, split_by_time
from .qr import qr_svg
from .timing import plain_when

logger = logging.getLogger(__name__)
# One pattern, one pass: an email address is tried first at each place, so the digits inside
# "jane.555.010.0100@example.org" are never linked a second time (as a tel: link inside the mailto: link).
# US numbers as people write them: 555-010-4477, (555) 010-4477, 555.010.4477.
_CONTACT = re.compile(r"(?P<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})|"
                      r"(?<![\d-])\(?(?P<area>\d{3})\)?[-. ]?(?P<exchange>\d{3})[-. ](?P<line>\d{4})(?![\d-])")


def _contact_link(match: re.Match) -> str:
    if match["email"]:
        return f'<a href="mailto:{match["email"]}">{match["email"]}</a>'
    return f'<a href="tel:+1{match["area"]}{match["exchange"]}{match["line"]}">{match[0]}</a>'


def contact_html(text: str) -> Markup:
    """The organizer's contact line, escaped, with email addresses and phone numbers as links (each once)."""
    return Markup(_CONTACT.sub(_contact_link, str(escape(text))))


class EventPage(Page):
    """An event's Markdown as Pelican reads it; `record` holds the checked Event."""

    default_template = "event"
    # Status here is the event's (scheduled, cancelled...), checked by model.parse_event, not Pelican's.
    allowed_statuses = EVENT_STATUSES + ("canceled",)
    default_status = "scheduled"


def event_files(content_root: Path) -> list[Path]:
    return sorted((content_root / FOLDER).rglob("*.md"))


def read_event(path: Path, content_root: Path, settings) -> tuple[Event | None, list]:
    """Parse one event file's header; returns (Event or None, problems)."""
    try:
        document = file_header(path)
    except UnreadableFile:
        return None, []  # content_checks reports the file, its line and how to save it as UTF-8
    slug_entry = document.get("slug")
    slug = slug_entry.value if slug_entry and slug_entry.value else path.stem
    return parse_event(shown_path(path, content_root.parent), document, slug, campaign_of(settings).timezone)


def build_now(settings) -> datetime:
    """The clock that splits upcoming from past: the build clock (BUILD_NOW when set, else the real time)."""
    return campaign_of(settings).now


def build_stamp() -> datetime:
    # DTSTAMP from the commit time, so rebuilding the same commit writes the same bytes.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch), ZoneInfo("UTC")) if epoch else datetime.now(ZoneInfo("UTC"))


def site_url(settings) -> str:
    return (settings.get("CANONICAL_SITEURL") or settings.get("SITEURL") or "").rstrip("/")


def uid_domain(settings) -> str:
    """Right side of every UID. Set EVENTS_UID_DOMAIN once published and never change it."""
    return settings.get("EVENTS_UID_DOMAIN") or urlsplit(site_url(settings)).hostname or "localhost"


@functools.lru_cache(maxsize=1)
def _calendar_code() -> bytes:
    """What a calendar file is made by: icalendar's version and our calendar module (read once per process, not
    once per event)."""
    return version("icalendar").encode() + Path(calendar.__file__).read_bytes()


class EventsGenerator(Generator):
    def __init__(self, *args, **kwargs):
        # Pelican's reader-level cache, as its own generators have: with CACHE_CONTENT on (the preview, cached
        # builds) an event's Markdown is not converted again until its file changes.
        kwargs.setdefault("readers_cache_name", "EventsGenerator-Readers")
        super().__init__(*args, **kwargs)
        self.events: list[EventPage] = []
        self.upcoming: list[EventPage] = []
        self.past: list[EventPage] = []
        self.translations = load_translations(self.settings["THEME"], self.settings.get("DEFAULT_LANG", "en"))

    def generate_context(self):
        content_root = Path(self.path)
        show_examples = self.settings.get("SHOW_EXAMPLES", True)
        for path in event_files(content_root):
            record, _problems = read_event(path, content_root, self.settings)
            if record is None:
                continue  # already reported by the check at build start
            if record.status == "draft" or (record.example and not show_examples):
                continue
            page = self.readers.read_file(base_path=self.path, path=str(path.relative_to(content_root)),
                                          content_class=EventPage, context=self.context)
            self.events.append((page, record))
        self.readers.save_cache()
        # One page per event in each language edition: its own language's version, else the other one (whose page
        # says it is not translated yet).
        edition = editions_of(self.settings)
        chosen = pick_edition(self.events, edition.current, key=lambda pair: pair[1].slug,
                              lang_of=lambda pair: pair[0].lang)
        self.events = []
        for (page, record), _translated in chosen:
            self._decorate(page, record)
            self.add_source_path(page)
            self.events.append(page)
        by_record = {id(page.record): page for page in self.events}
        upcoming, past = split_by_time([page.record for page in self.events], build_now(self.settings))
        self.upcoming = [by_record[id(record)] for record in upcoming]
        self.past = [by_record[id(record)] for record in past]
        for page in self.past:
            page.is_past = True
        self.context["events"] = self.events
        self.context["upcoming_events"] = self.upcoming
        self.context["past_events"] = self.past
        # The home page promotes the next event people can go to; cancelled and postponed ones stay marked
        # in the lists and on their pages.
        going_ahead = [page for page in self.upcoming if page.record.status == "scheduled"]
        self.context["next_event"] = going_ahead[0] if going_ahead else None
        self.context["EVENTS_URL"] = self.settings["EVENTS_URL"]
        self.context["EVENTS_PAST_URL"] = self.settings["EVENTS_PAST_URL"]
        self.context["EVENTS_ICS_URL"] = self.settings["EVENTS_ICS_SAVE_AS"]
        # webcal:// opens the calendar app's "subscribe" dialog on iPhone, Mac and Outlook desktop.
        absolute = f"{site_url(self.settings)}/{self.settings['EVENTS_ICS_SAVE_AS']}"
        self.context["EVENTS_WEBCAL_URL"] = re.sub(r"^https?://", "webcal://", absolute) if "://" in absolute else ""

    def _decorate(self, page: EventPage, record: Event) -> None:
        settings = self.settings
        base = self.settings["EVENTS_URL"]
        page.record = record
        # Pelican's own status: the page is on the site (the sitemap lists only "published"); the event's
        # scheduled / cancelled / postponed lives in record.status.
        page.status = "published"
        page.slug = record.slug
        page.override_url = f"{base}{record.slug}/"
        page.override_save_as = f"{base}{record.slug}/index.html"
        page.flyer_url = f"{base}{record.slug}/flyer/"
        page.is_past = False
        page.contact_html = contact_html(record.contact)
        page.absolute_url = f"{site_url(settings)}/{page.url}"
        page.when = plain_when(record, campaign_of(settings).timezone,
                               locale=babel_locale(settings.get("DEFAULT_LANG", "en")), translations=self.translations)
        page.when_datetime = record.start.isoformat() if record.exact else _approximate_datetime(record)
        description = record.summary or ""
        page.jsonld = script_json(event_jsonld(record, page.absolute_url, description,
                                               settings.get("SITENAME", ""), site_url(settings) + "/"))
        page.qr_svg = partial(qr_svg, page.absolute_url)
        page.calendar_item = None
        page.ics_url = None
        if record.exact:
            text = edition_text(settings)
            title = record.title
            if record.example and not title.lower().startswith("example"):
                title = text._("Example: %(title)s", title=title)  # so a preview's calendar file cannot pass for real
            item = calendar.CalendarItem(
                uid=f"event-{record.slug}@{uid_domain(settings)}", title=title, start=record.start,
                end=record.end, url=page.absolute_url, status=record.status, description=description,
                location=", ".join(part for part in (record.location, record.address) if part),
                cancelled_title=text._("Cancelled: %(title)s"), postponed_title=text._("Postponed: %(title)s"),
            )
            page.calendar_item = item
            page.ics_url = f"{base}{record.slug}/{record.slug}.ics"
            page.google_url = calendar.google_calendar_url(item)
            page.outlook_url = calendar.outlook_calendar_url(item)

    def generate_output(self, writer):
        relative = self.settings.get("RELATIVE_URLS", False)
        base = self.settings["EVENTS_URL"]
        for page in self.events:
            writer.write_file(page.save_as, self.get_template("event"), self.context, relative_urls=relative,
                              page=page, event=page, url=page.url)
            if not page.record.exact or page.is_past:
                continue  # a flyer needs a day and a time, and nobody prints one for a past event
            # Not passed as `page`, so the sitemap does not list the flyer under the event's address.
            writer.write_file(f"{page.flyer_url}index.html", self.get_template("event_flyer"), self.context,
                              relative_urls=relative, event=page, url=page.flyer_url)
        writer.write_file(f"{base}index.html", self.get_template("events"), self.context, relative_urls=relative,
                          url=base)
        past_url = self.settings["EVENTS_PAST_URL"]
        writer.write_file(f"{past_url}index.html", self.get_template("events_past"), self.context,
                          relative_urls=relative, url=past_url)

        stamp = build_stamp()
        name = self.settings.get("SITENAME", "Events")
        for page in self.events:
            if page.calendar_item:
                self._write_bytes(page.ics_url, self._calendar([page.calendar_item], name, stamp))
        items = [page.calendar_item for page in self.events if page.calendar_item]
        for source in calendar.calendar_sources():
            items.extend(source(self.context))
        self._write_bytes(self.settings["EVENTS_ICS_SAVE_AS"], self._calendar(items, name, stamp))

    def _calendar(self, items, name: str, stamp) -> bytes:
        """calendar.build_calendar, kept in the build cache by a digest of everything the file is made from."""
        key = hashlib.sha256(repr((sorted(map(repr, items)), name, stamp)).encode() + _calendar_code()).hexdigest()
        folder = Path(self.settings.get("CACHE_PATH") or "cache") / "events"
        try:
            return (folder / f"{key}.ics").read_bytes()
        except OSError:
            pass
        data = calendar.build_calendar(items, name, stamp)
        try:
            write_atomic(folder / f"{key}.ics", data)
        except OSError:
            pass  # without the cache the next build makes the file again
        return data

    def _write_bytes(self, save_as: str, data: bytes) -> None:
        target = Path(self.output_path) / save_as
        if write_if_changed(target, data):
            logger.debug("Writing %s", target)


def _approximate_datetime(record: Event) -> str:
    day = record.approximate_date
    return f"{day.year:04d}" if record.precision in ("year", "season") else f"{day.year:04d}-{day.month:02d}"
