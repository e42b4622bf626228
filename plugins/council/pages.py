"""Everything the council pages show, assembled from snapshots, organizer files and settings. No Pelican here.

`load_council(...)` reads and checks every input and returns the pages' records plus every problem found, so
the build can report all of them at once.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import markdown as markdown_lib

from campaign import of as campaign_of
from content_checks.problems import Problem
from sources.agenda import AgendaItem, parse_organizer_items
from localization.editions import editions_of, pick_edition
from localization.plugin import edition_text
from localization.text import ENGLISH, Text
from sources.meeting import Meeting
from sources.adapters.meetings import MEETING_TYPES
from sources.config import load_config
from sources.snapshots import SnapshotError, last_checked, load_snapshot, snapshot_path
from sources.textfiles import UnreadableFile, read_text_file
from sources.problems import shown_path

from . import speaking
from .letters import PLACEHOLDERS, Letter, SpeakingTime, duration_words, fill, read_letter, speaking_time
from .mail_links import compose_links, mailto
from .meetings import MergedMeeting, OrganizerMeeting, expected_meetings, merge_meetings, read_meeting
from .officials import Official, load_officials
from .watch import ItemMatch, WatchList, load_watch, match_items

logger = logging.getLogger(__name__)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class SpeakInfo:
    methods: list[str]
    rule_text: str
    deadline: speaking.Deadline | None
    deadline_text: str
    closed_at_build: bool
    relative_text: str
    uncertain: str
    written: list[str]
    time_limit_minutes: float | None
    time_limit_source: str
    sources: list[dict]


@dataclass
class MeetingPage:
    slug: str
    url: str
    save_as: str
    title: str
    meeting: Meeting
    when_text: str
    is_past: bool
    expected: bool
    organizer: OrganizerMeeting | None
    notes_html: str
    agenda_items: tuple[str, ...]
    summary: str
    speak: SpeakInfo | None
    also_from: list[Meeting]
    letters: list = field(default_factory=list)
    items: tuple[AgendaItem, ...] = ()  # the official agenda's items, or the organizers' list when there is none
    matches: list[ItemMatch] = field(default_factory=list)  # items that mention a watch term, in agenda order
    watch_text: dict = field(default_factory=dict)  # words for the calendar and the feed, made by the theme

    @property
    def watched(self) -> bool:
        return bool(self.matches)

    @property
    def agenda_pending(self) -> bool:
        """Coming up, and no agenda yet: the page says so instead of guessing what will be on it."""
        # Expected meetings (from the schedule) already say that no agenda is posted.
        return not (self.is_past or self.cancelled or self.expected or self.meeting.agenda_url or self.items)

    @property
    def matched_since(self) -> str:
        """When a refresh first saw a matching item (UTC, ISO 8601), or "" for organizers' lists."""
        return min((match.item.first_seen for match in self.matches if match.item.first_seen), default="")

    @property
    def cancelled(self) -> bool:
        return self.meeting.cancelled

    @property
    def example(self) -> bool:
        return self.meeting.example or bool(self.organizer and self.organizer.example)

    @property
    def start_iso(self) -> str:
        return self.meeting.start.isoformat() if self.meeting.start else self.meeting.day.isoformat()


@dataclass
class LetterPage:
    letter: Letter
    slug: str
    url: str
    save_as: str
    to: list[Official]
    cc: list[str]
    addresses: dict  # to, cc, bcc: lists of email addresses
    text: str  # the letter as a reader without JavaScript sees it, [labels] in place of placeholders
    spoken: str
    spoken_time: SpeakingTime
    links: dict
    per_member: list[tuple[Official, str]]
    meeting: MeetingPage | None
    script_data: str  # JSON the page's script uses to fill in the writer's details

    @property
    def example(self) -> bool:
        return self.letter.example

    # The letter's language, title and summary: a page in another edition's language says so (base.html).
    @property
    def lang(self) -> str:
        return self.letter.lang

    @property
    def title(self) -> str:
        return self.letter.title

    @property
    def summary(self) -> str:
        return self.letter.summary


@dataclass
class Council:
    meetings: list[MeetingPage]
    upcoming: list[MeetingPage]
    past: list[MeetingPage]
    next_meeting: MeetingPage | None
    letters: list[LetterPage]
    officials: dict[str, Official]
    snapshots: list[dict]  # per source: name, url, retrieved_at, or why there is none
    now: datetime
    watch: WatchList = field(default_factory=WatchList)
    next_watched: MeetingPage | None = None  # the next meeting, not cancelled, with a watched item on its agenda

    @property
    def watched(self) -> list[MeetingPage]:
        """Every meeting with a watched item, soonest first (past ones too: the feed keeps them)."""
        return [page for page in self.meetings if page.watched]


def _body_settings(bodies: dict, body: str) -> dict | None:
    wanted = " ".join(body.split()).casefold()
    for name, config in bodies.items():
        if " ".join(name.split()).casefold() == wanted:
            return config
    return None


def bodies_in_language(bodies: dict, settings: dict, path: Path) -> tuple[dict, list[Problem]]:
    """COUNCIL_BODIES with the words of data/council.LANG.toml (its [[body]] tables, by name) in another edition."""
    from localization.data import overlay, read_words

    edition = editions_of(settings)
    if edition.is_main:
        return bodies, []
    words, problems = read_words(path, edition.current, f"data/council.toml")
    if not words:
        return bodies, problems
    original = [{"name": name, **body} for name, body in bodies.items()]
    merged, found = overlay(original, [table for table in words.get("body", []) if isinstance(table, dict)],
                            "body", f"data/council.{edition.current}.toml")
    return {table["name"]: {key: value for key, value in table.items() if key != "name"} for table in merged}, \
        problems + found


def check_settings(config: dict) -> list[Problem]:
    """Problems in the bodies' deadline rules of data/council.toml (its other keys are checked by plugins/campaign)."""
    problems = []
    shown = shown_path(Path(config["COUNCIL_FILE"]), Path.cwd())
    for name, body in config["COUNCIL_BODIES"].items():
        rule = body.get("deadline")
        if rule is not None:
            error = speaking.check_rule(rule)
            if error:
                problems.append(Problem(shown, config["COUNCIL_BODY_LINES"].get(name), "deadline",
                                        f'"{name}": deadline {error}.',
                                        'Write it like deadline = { days_before = 1, business_days = true, at = "12:00" }'))
    return problems


def _speak_info(body: dict | None, meeting: Meeting, zone: ZoneInfo, holidays: frozenset[date],
                now: datetime, default_limit, text: Text = ENGLISH) -> SpeakInfo | None:
    if body is None:
        return None
    rule = body.get("deadline")
    deadline = speaking.compute_deadline(rule, meeting.day, meeting.start, zone, holidays)
    return SpeakInfo(
        methods=list(body.get("signup", [])),
        rule_text=speaking.describe_rule(rule, text),
        deadline=deadline,
        deadline_text=speaking.deadline_words(deadline, text) if deadline else "",
        closed_at_build=bool(deadline and deadline.moment <= now),
        relative_text=speaking.relative_words(deadline, now, text) if deadline else "",
        uncertain=body.get("deadline_note", ""),
        written=list(body.get("written", [])),
        time_limit_minutes=body.get("time_limit_minutes", default_limit),
        time_limit_source=body.get("time_limit_source", ""),
        sources=list(body.get("sources", [])),
    )


def load_council(settings: dict, config: dict, content_root: Path, root: Path,
                 render_markdown=None) -> tuple[Council, list[Problem]]:
    """Read snapshots, organizer meetings, letters and officials; return the site's council records and problems."""
    zone = campaign_of(settings).zone
    problems = check_settings(config)
    now = config["COUNCIL_NOW"].astimezone(zone)
    today = now.date()
    holidays = frozenset(date.fromisoformat(str(day)) for day in config["COUNCIL_HOLIDAYS"]
                         if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(day)))
    show_examples = settings.get("SHOW_EXAMPLES", True)
    render_markdown = render_markdown or _markdown_renderer(settings)

    # 1. Fetched meetings, from each meeting source's snapshot, in the order of the sources file.
    fetched, snapshots, found = load_meeting_snapshots(Path(config["COUNCIL_SOURCES_FILE"]), root, zone)
    problems += found
    watch_path = Path(config["COUNCIL_WATCH_FILE"])
    if not watch_path.is_absolute():
        watch_path = root / watch_path
    watch, found = load_watch(watch_path, shown_path(watch_path, root))
    problems += found

    # 2. Organizer meetings.
    notes: list[OrganizerMeeting] = []
    meetings_folder = content_root / "meetings"
    for path in sorted(meetings_folder.glob("*.md")) if meetings_folder.is_dir() else []:
        shown = shown_path(path, content_root.parent)
        try:
            text = read_text_file(path, shown)
        except UnreadableFile:
            continue  # content_checks reports the file
        note, found = read_meeting(shown, text, zone)
        problems += found
        if note and note.status != "draft" and (show_examples or not note.example):
            notes.append(note)

    # 3. Expected meetings from published schedules.
    expected = []
    for schedule in config["COUNCIL_SCHEDULES"]:
        expected += expected_meetings(schedule, today, zone)

    # One note per meeting in each language edition: its own language's, else the other (marked untranslated).
    edition = editions_of(settings)

    notes = [replace(note, translated=translated) for note, translated in
             pick_edition(notes, edition.current, key=lambda note: (note.body.casefold(), note.day),
                          lang_of=lambda note: note.lang or edition.main)]

    if not show_examples:
        fetched = [meeting for meeting in fetched if not meeting.example]
    merged = merge_meetings(fetched, notes, expected, retrieved_at="")
    text = edition_text(settings) if settings.get("THEME") else ENGLISH
    bodies, found = bodies_in_language(config["COUNCIL_BODIES"], settings, Path(config["COUNCIL_FILE"]))
    problems += found
    config = {**config, "COUNCIL_BODIES": bodies}
    pages = [page for page in _meeting_pages(merged, config, zone, holidays, now, render_markdown, text)
             if not (page.expected and page.is_past)]
    for page in pages:
        page.matches = match_items(page.items, watch)
    by_slug = {page.slug: page for page in pages}

    # 4. Officials and letters.
    officials_path = Path(config["COUNCIL_OFFICIALS_FILE"])
    if not officials_path.is_absolute():
        officials_path = root / officials_path
    officials, found = load_officials(officials_path, shown_path(officials_path, root))
    problems += found
    all_officials = officials
    if not show_examples:
        officials = {key: official for key, official in officials.items() if not official.example}
    letters = []
    letters_folder = content_root / "letters"
    for path in sorted(letters_folder.glob("*.md")) if letters_folder.is_dir() else []:
        shown = shown_path(path, content_root.parent)
        try:
            text = read_text_file(path, shown)
        except UnreadableFile:
            continue  # content_checks reports the file
        letter, found = read_letter(shown, text, default_slug=path.stem)
        problems += found
        if letter is None:
            continue
        problems += _check_letter_links(letter, all_officials, by_slug, shown_path(officials_path, root), today)
        if letter.status == "draft" or (letter.example and not show_examples):
            continue
        if letter.expires and letter.expires < today:
            logger.info("council: %s expired on %s, so it is left off the site.", shown, letter.expires)
            continue
        meeting = by_slug.get(letter.meeting)
        if letter.meeting and (meeting is None or meeting.is_past):
            # A letter for one meeting is no use once that meeting is over.
            logger.info("council: %s is for the meeting %s, which is over, so it is left off the site.",
                        shown, letter.meeting)
            continue
        letters.append(letter)
    letters = [letter for letter, _translated in
               pick_edition(letters, edition.current, key=lambda letter: letter.slug,
                            lang_of=lambda letter: letter.lang or edition.main)]
    letter_pages = [_letter_page(letter, officials, by_slug, config) for letter in letters
                    if not _has_missing(letter, officials)]
    for page in letter_pages:
        if page.meeting:
            page.meeting.letters.append(page)
    campaign_letters = [page for page in letter_pages if page.meeting is None]
    for page in pages:
        if not page.letters and not page.is_past:
            page.letters = list(campaign_letters)

    upcoming = [page for page in pages if not page.is_past]
    past = [page for page in pages if page.is_past and not page.expected]
    past.reverse()
    home_bodies = {name.casefold() for name in config["COUNCIL_HOME_BODIES"]}
    next_meeting = next((page for page in upcoming if not page.cancelled
                         and page.meeting.body.casefold() in home_bodies), None)
    next_watched = next((page for page in upcoming if page.watched and not page.cancelled), None)
    return Council(pages, upcoming, past, next_meeting, letter_pages, officials, snapshots, now, watch,
                   next_watched), problems


def load_meeting_snapshots(sources_file: Path, root: Path, zone: ZoneInfo) -> tuple[list[Meeting], list[dict], list[Problem]]:
    """Meetings from the snapshots of every enabled meeting source in the sources file (data/sources.toml)."""
    if not sources_file.is_absolute():
        sources_file = root / sources_file
    if not sources_file.exists():
        return [], [], []
    shown = shown_path(sources_file, root)
    sources_config, config_problems = load_config(sources_file, shown)
    problems = []
    meeting_names = _meeting_source_names(sources_file)
    for problem in config_problems:
        # Problems with other kinds of sources are the statistics plugin's to report.
        if any(f'source "{name}"' in problem.what for name in meeting_names):
            problems.append(Problem(problem.path, problem.line, problem.field, problem.what, problem.fix))
    meetings, snapshots = [], []
    for source in sources_config.sources if sources_config else []:
        if source.type not in MEETING_TYPES or not source.enabled:
            continue
        path = snapshot_path(sources_config.settings.snapshot_dir, source.name)
        label = source.options.get("label") or source.name
        try:
            snapshot = load_snapshot(path)
        except SnapshotError as error:
            problems.append(Problem(shown_path(path, root), None, "", str(error), ""))
            continue
        if snapshot is None:
            logger.info("council: no snapshot for %s yet; run `invoke refresh --only %s`.", source.name, source.name)
            snapshots.append({"name": label, "url": source.url, "retrieved_at": ""})
            continue
        checked = last_checked(sources_config.settings.snapshot_dir).get(source.name) or snapshot.fetched_at
        for index, record in enumerate(snapshot.records):
            try:
                meeting = Meeting.from_dict(record, zone)
                if not meeting.source.as_of:
                    meeting = meeting.with_changes(source=replace(meeting.source, as_of=checked))
                # A source marked example = true holds example data: labelled on the site, never published.
                meetings.append(meeting.with_changes(example=True) if source.example else meeting)
            except (KeyError, TypeError, ValueError) as error:
                problems.append(Problem(shown_path(path, root), None, f"records[{index}]",
                                        f"meeting {record.get('id', index + 1) if isinstance(record, dict) else index + 1} "
                                        f"cannot be read ({error}).",
                                        f"Restore the file with `git checkout {shown_path(path, root)}`, then run "
                                        f"`invoke refresh --only {source.name}`."))
        snapshots.append({"name": label, "url": source.url, "retrieved_at": checked})
    return meetings, snapshots, problems


def _meeting_source_names(path: Path) -> list[str]:
    import tomllib

    try:
        data = tomllib.loads(read_text_file(path))
    except (OSError, UnreadableFile, tomllib.TOMLDecodeError):
        return []  # load_config reports the file
    tables = data.get("source", [])
    return [str(table.get("name")) for table in tables if isinstance(table, dict) and table.get("type") in MEETING_TYPES]


def _markdown_renderer(settings):
    configs = dict(settings.get("MARKDOWN", {}).get("extension_configs", {}))
    converter = markdown_lib.Markdown(extensions=list(configs), extension_configs=configs, output_format="html5")

    def render(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    return render


def _meeting_pages(merged: list[MergedMeeting], config, zone, holidays, now, render_markdown,
                   text: Text = ENGLISH) -> list[MeetingPage]:
    pages, used = [], set()
    base = config["COUNCIL_MEETINGS_URL"]
    for item in merged:
        meeting, note = item.meeting, item.organizer
        slug = (note.slug if note and note.slug else f"{meeting.day.isoformat()}-{slugify(meeting.body)}")
        if slug in used:
            slug = f"{slug}-{slugify(meeting.id)[-8:]}"
        used.add(slug)
        ends = meeting.start + timedelta(hours=3) if meeting.start else \
            datetime.combine(meeting.day + timedelta(days=1), time(0), tzinfo=zone)
        body = _body_settings(config["COUNCIL_BODIES"], meeting.body)
        pages.append(MeetingPage(
            slug=slug,
            url=f"{base}{slug}/",
            save_as=f"{base}{slug}/index.html",
            title=(note.title if note and note.title else
                   text._("%(body)s meeting, %(day)s", body=meeting.body, day=speaking.short_day(meeting.day, text))),
            meeting=meeting,
            when_text=speaking.when_words(meeting.day, meeting.start, text),
            is_past=ends <= now,
            expected=meeting.source_kind == "schedule",
            organizer=note,
            notes_html=render_markdown(note.notes) if note and note.notes else "",
            agenda_items=note.agenda_items if note else (),
            summary=(note.summary if note else "") or meeting.comment,
            speak=_speak_info(body, meeting, zone, holidays, now, config["COUNCIL_DEFAULT_TIME_LIMIT"], text),
            also_from=item.also_from,
            # The agenda's own items when a source gave them; else what organizers listed, marked as theirs.
            items=meeting.items or tuple(parse_organizer_items(note.agenda_items if note else (),
                                                               url=meeting.agenda_url)),
        ))
    return pages


def _past_meeting_slug(slug: str, today: date) -> bool:
    """True for an address like 2023-05-15-city-council whose day has passed (the meeting may have left the site)."""
    match = re.match(r"(\d{4}-\d{2}-\d{2})-", slug)
    try:
        return bool(match) and date.fromisoformat(match[1]) < today
    except ValueError:
        return False


def _check_letter_links(letter: Letter, officials: dict, meetings: dict, officials_shown: str,
                        today: date) -> list[Problem]:
    problems = []
    for official_id in letter.recipients:
        if official_id not in officials:
            known = ", ".join(sorted(officials)) or "none yet"
            problems.append(Problem(letter.path, letter.lines.get("to"), "To",
                                    f'"{official_id}" is not an official in {officials_shown}.',
                                    f"Use an id from that file ({known}), like: To: council"))
    for entry in letter.cc:
        if "@" not in entry and entry not in officials:
            problems.append(Problem(letter.path, letter.lines.get("cc"), "Cc",
                                    f'"{entry}" is not an official in {officials_shown} or an email address.',
                                    "Use an official's id or a full address, like: Cc: council"))
    if letter.meeting and letter.meeting not in meetings and not _past_meeting_slug(letter.meeting, today):
        nearby = ", ".join(sorted(meetings)[-5:]) or "none yet"
        problems.append(Problem(letter.path, letter.lines.get("meeting"), "Meeting",
                                f'"{letter.meeting}" is not a meeting on the site.',
                                f"Use the last part of a meeting's address, like one of: {nearby}"))
    return problems


def _has_missing(letter: Letter, officials: dict) -> bool:
    # Only when every recipient is an example official left out of a published build.
    return not any(official_id in officials for official_id in letter.recipients)


def _letter_page(letter: Letter, officials: dict, meetings: dict, config) -> LetterPage:
    to = [officials[official_id] for official_id in letter.recipients if official_id in officials]
    cc = [officials[entry].email if entry in officials else entry for entry in letter.cc
          if entry in officials or "@" in entry]
    emails = [official.email for official in to]
    addresses = {"to": emails if letter.send_as == "to" else [], "cc": cc,
                 "bcc": emails if letter.send_as == "bcc" else []}
    text = fill(letter.text, lang=letter.lang)
    links = compose_links(addresses["to"], letter.subject, text, addresses["cc"], addresses["bcc"],
                          config["COUNCIL_MAILTO_MAX_LENGTH"])
    meeting = meetings.get(letter.meeting) if letter.meeting else None
    limit = (meeting.speak.time_limit_minutes if meeting and meeting.speak else None) or _first_limit(config)
    spoken_template = letter.spoken or letter.text
    spoken = fill(spoken_template, lang=letter.lang)
    # Each member gets a link of their own only when they have their own address (not a group address).
    per_member = []
    for official in to:
        if official.group:
            continue
        href = mailto([official.email], letter.subject, text)
        # Too long for a mail app: the address and subject only; the page offers the text to copy.
        per_member.append((official, href if len(href) <= config["COUNCIL_MAILTO_MAX_LENGTH"]
                           else mailto([official.email], letter.subject)))
    labels = {name: values.get(letter.lang, values["en"]) for name, values in PLACEHOLDERS.items()}
    script_data = json.dumps({
        "template": letter.text, "spokenTemplate": spoken_template, "subject": letter.subject, "lang": letter.lang,
        "to": addresses["to"], "cc": addresses["cc"], "bcc": addresses["bcc"], "labels": labels,
        "maxLength": config["COUNCIL_MAILTO_MAX_LENGTH"], "limitSeconds": int(limit * 60) if limit else None,
    }, ensure_ascii=False, sort_keys=True)
    return LetterPage(
        letter=letter, slug=letter.slug, url=f"{config['COUNCIL_LETTERS_URL']}{letter.slug}/",
        save_as=f"{config['COUNCIL_LETTERS_URL']}{letter.slug}/index.html", to=to, cc=cc, addresses=addresses,
        text=text, spoken=spoken, spoken_time=speaking_time(spoken, limit), links=links, per_member=per_member,
        meeting=meeting, script_data=script_data)


def _first_limit(config) -> float | None:
    for body in config["COUNCIL_BODIES"].values():
        if body.get("time_limit_minutes"):
            return body["time_limit_minutes"]
    return config["COUNCIL_DEFAULT_TIME_LIMIT"]


__all__ = ["load_council", "Council", "MeetingPage", "LetterPage", "duration_words"]
