"""Pelican wiring for council meetings and comment letters: register content kinds and checks, then write pages."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

from functools import partial

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from campaign import of as campaign_of
from content_checks import fields
from content_checks.plugin import register_check

from localization.plugin import edition_text

from . import speaking
from .letters import WORDS_PER_MINUTE, duration_words
from .pages import load_council
from .settings import with_defaults

logger = logging.getLogger(__name__)

MEETING, LETTER = "meeting", "letter"
# Calendars need an end; agendas give none. Regular council meetings often run this long or longer.
MEETING_HOURS = 3

# Keys organizers may write at the top of content/meetings/*.md and content/letters/*.md.
_NEW_FIELDS = [
    fields.Field("Body", "Meetings only. Which council or board meets, spelled as on the city's agenda page.", "City Council", frozenset({MEETING})),
    fields.Field("When", "Meetings only. The meeting's day and start time, in the campaign's time zone. Leave out the time if unknown.", "2023-05-15 19:00", frozenset({MEETING}), form="datetime"),
    fields.Field("Where", "Meetings only. Where the meeting happens.", "Council Chambers, City Hall", frozenset({MEETING})),
    fields.Field("Agenda", "Meetings only. Address of the official agenda.", "https://www.example.gov/AgendaCenter/ViewFile/Agenda/_05152023-2101", frozenset({MEETING}), form="address"),
    fields.Field("Minutes", "Meetings only. Address of the official minutes.", "https://www.example.gov/AgendaCenter/ViewFile/Minutes/_05152023-2101", frozenset({MEETING}), form="address"),
    fields.Field("Video", "Meetings only. Address of the meeting's video.", "https://example.granicus.com/", frozenset({MEETING}), form="address"),
    fields.Field("Cancelled", "Meetings only. yes when the meeting will not happen.", "yes", frozenset({MEETING}), form="yesno"),
    fields.Field("Agenda_items", "Meetings only. Agenda items that matter to the campaign, separated by semicolons.", "Item 12: budget hearing; Item 14: crisis team staffing", frozenset({MEETING}), form="text"),
    fields.Field("Subject", "Letters only. The email's subject line.", "Please fund the program in the budget", frozenset({LETTER})),
    fields.Field("To", "Letters only. Who gets the letter: ids from data/officials.toml, separated by commas.", "council", frozenset({LETTER})),
    fields.Field("Cc", "Letters only. Copies: official ids or email addresses, separated by commas.", "council", frozenset({LETTER})),
    fields.Field("Send_as", "Letters only. to (everyone sees the addresses) or bcc (addresses hidden).", "to", frozenset({LETTER}), form="choice", choices=("to", "bcc")),
    fields.Field("Expires", "Letters only. The last day the letter is on the site.", "2023-06-20", frozenset({LETTER}), form="date"),
    fields.Field("Meeting", "Letters only. The meeting this letter is for: the last part of its address.", "2023-05-15-city-council", frozenset({LETTER})),
]
# Shared keys that meetings and letters also use; their kinds are widened, not replaced.
_SHARED = {"title": {MEETING, LETTER}, "slug": {MEETING, LETTER}, "status": {MEETING, LETTER},
           "summary": {MEETING, LETTER}, "example": {MEETING, LETTER}, "lang": {MEETING, LETTER}, "translation_status": {MEETING, LETTER},
           "source": {MEETING}, "source_name": {MEETING}}


def register_content_fields() -> None:
    """Add our content folders and keys to content_checks, keeping kinds other plugins gave the same keys."""
    fields.register_kind("meetings", MEETING, slug_from_filename=True, required=("Body", "When", "Source_name"))
    fields.register_kind("letters", LETTER, slug_from_filename=True, required=("Subject",))
    for field in _NEW_FIELDS:
        existing = fields.FIELDS.get(field.name.lower())
        if existing is None:
            fields.register_field(field)
        else:
            fields.widen(field.name, field.kinds)
    for key, kinds in _SHARED.items():
        fields.widen(key, kinds)


def check_and_load(settings) -> list:
    """Read every council input at build start; report problems with all the others; keep the records."""
    register_content_fields()  # again, in case a later plugin replaced a shared key
    campaign = campaign_of(settings)
    config = with_defaults(settings, campaign)
    council, problems = load_council(settings, config, Path(settings["PATH"]), campaign.folder)
    campaign.add("council", council)
    return problems


class CouncilGenerator(Generator):
    """Adds next_meeting and next_watched_meeting to the shared context, then writes meeting, archive and letter
    pages. Watched meetings join events.ics (calendar_items) and the news feed (news_entries)."""

    def generate_context(self):
        council = campaign_of(self.settings).part("council")
        if council is None:
            return
        self.context["council"] = council
        self.context["next_meeting"] = council.next_meeting
        self.context["next_watched_meeting"] = council.next_watched
        self._watch_words(council)
        self.context["COUNCIL_WORDS_PER_MINUTE"] = WORDS_PER_MINUTE
        self.env.filters["duration_words"] = partial(duration_words, text=edition_text(self.settings))
        text = edition_text(self.settings)
        self.env.filters["clock_words"] = partial(speaking.clock_words, text=text)
        self.env.filters["deadline_words"] = partial(speaking.deadline_words, text=text)

    def _watch_words(self, council) -> None:
        """Calendar and feed words for each watched meeting, from the theme (so they are translated like pages)."""
        module = self.get_template("components/watch").make_module(dict(self.context))
        for page in council.watched:
            page.watch_text = {
                "calendar": _plain(module.calendar_text(page)),
                "title": _plain(module.feed_title(page)),
                "summary": _plain(module.plain_items(page)),
            }

    def generate_output(self, writer):
        campaign = campaign_of(self.settings)
        council = campaign.part("council")
        if council is None:
            return
        config = with_defaults(self.settings, campaign)
        relative = self.settings.get("RELATIVE_URLS", False)
        meetings_url, letters_url = config["COUNCIL_MEETINGS_URL"], config["COUNCIL_LETTERS_URL"]
        write = writer.write_file
        write(f"{meetings_url}index.html", self.get_template("council_meetings"), self.context, relative,
              url=meetings_url, council=council)
        write(f"{meetings_url}past/index.html", self.get_template("council_archive"), self.context, relative,
              url=f"{meetings_url}past/", council=council)
        template = self.get_template("council_meeting")
        for page in council.meetings:
            write(page.save_as, template, self.context, relative, url=page.url, meeting_page=page, council=council)
        write(f"{letters_url}index.html", self.get_template("council_letters"), self.context, relative,
              url=letters_url, council=council)
        template = self.get_template("council_letter")
        for page in council.letters:
            write(page.save_as, template, self.context, relative, url=page.url, letter_page=page, council=council)


def calendar_items(context) -> list:
    """Meetings with a start time, for the site-wide events.ics that plugins/events writes."""
    from events.calendar import CalendarItem  # only called by the events plugin, so it is installed

    council = campaign_of(context).part("council")
    if council is None:
        return []
    site = str(context.get("SITEURL", "")).rstrip("/")
    domain = context.get("EVENTS_UID_DOMAIN") or urlparse(site).hostname or "localhost"
    items = []
    for page in council.meetings:
        meeting = page.meeting
        # Expected meetings stay out: a subscribed calendar should not fill with meetings a holiday may move.
        if meeting.start is None or page.expected:
            continue
        text = edition_text(context)
        title = page.title
        notes = [text._("The end time is an estimate; the agenda does not give one.")]
        if page.speak and page.speak.deadline and not page.cancelled:
            notes.insert(0, text._("Sign up to speak by %(when)s.", when=page.speak.deadline_text))
        if page.watch_text.get("calendar"):
            notes.insert(0, page.watch_text["calendar"])  # the watched items first: why this meeting matters
        items.append(CalendarItem(
            uid=f"meeting-{page.slug}@{domain}", title=title, start=meeting.start,
            end=meeting.start + timedelta(hours=MEETING_HOURS), url=f"{site}/{page.url}",
            location=meeting.location, description=" ".join(notes),
            status="cancelled" if page.cancelled else "scheduled",
            cancelled_title=text._("Cancelled: %(title)s"), postponed_title=text._("Postponed: %(title)s")))
    return items


def _plain(markup) -> str:
    """Text of a rendered macro: tags dropped, entities decoded, spaces collapsed."""
    return Markup(str(markup)).striptags()


def news_entries(context) -> list:
    """One entry per meeting with a watched item, for the News page and its feed, dated when the match was first
    seen by a refresh (so it is "new" once, and rebuilds write the same feed). Organizers' own lists are left out:
    they announce those themselves."""
    from news.items import Entry  # only called by the news plugin, so it is installed

    council = campaign_of(context).part("council")
    if council is None:
        return []
    zone = council.now.tzinfo
    entries = []
    for page in council.watched:
        if not page.matched_since or not page.watch_text:
            continue
        seen = datetime.fromisoformat(page.matched_since.replace("Z", "+00:00")).astimezone(zone)
        entries.append(Entry(title=page.watch_text["title"], url=page.url, internal=True,
                             source=page.meeting.source.name, date=seen, summary=page.watch_text["summary"],
                             kind="agenda", example=page.example, original_url=page.meeting.agenda_url))
    return entries


def _join_news() -> None:
    try:
        from news.items import register_entry_source
    except ImportError:  # no news plugin in this project: no feed to join
        return
    register_entry_source(news_entries)


def _join_calendar() -> None:
    try:
        from events.calendar import register_calendar_source
    except ImportError:  # the events plugin is not in this project: no events.ics to join
        return
    register_calendar_source(calendar_items)


def get_generators(_pelican):
    return CouncilGenerator


def register():
    register_content_fields()
    register_check(check_and_load)
    signals.get_generators.connect(get_generators)
    _join_calendar()
    _join_news()
