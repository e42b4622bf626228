"""The coverage clock: when the program responds over 24 hours, as data, plain text and a static SVG. No Pelican here.

Its words are the campaign's: the [words] table of coverage.toml (and coverage.LANG.toml in a language edition),
over the plain defaults in WORDS. Times and the clock's own sentences are in the edition's language (`text`,
localization.text.Text; English when not given).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import time
from html import escape
from pathlib import Path

from content_checks.problems import Problem
from content_checks.tables import check_table_keys
from localization.text import ENGLISH, Text
from localization.text import default_word as _  # marks default words for the catalog
from localization.data import in_language
from sources.tomlfile import read_toml

STATUSES = ("responds", "none", "unknown")
# What the clock says, with plain defaults; coverage.toml's [words] table gives the campaign's own.
WORDS = {
    "title": _("When the program responds, over 24 hours"),  # above the clock
    "image_title": _("When the program responds over 24 hours"),  # the picture's title for screen readers
    "responds": _("The program responds"),  # legend, and "... from 8 a.m. to 8 p.m."
    "none": _("No response"),
    "unknown_all_day": _("Our sources do not give the program's hours."),
    "centre": _("with no response"),  # under the hours in the middle of the clock
    "cost_row": _("Hours a day with no response, from the coverage clock"),  # a row of the cost table
}
MINUTES_PER_DAY = 24 * 60
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class Period:
    """A stretch of the day, in minutes after midnight (end may be 1440)."""

    start: int
    end: int
    status: str
    source: str = ""
    note: str = ""

    @property
    def hours(self) -> float:
        return (self.end - self.start) / 60


@dataclass(frozen=True)
class Coverage:
    periods: tuple[Period, ...]  # sorted, covering the whole day without gaps or overlaps
    as_of: str = ""
    words: tuple = tuple(WORDS.items())  # (key, text) pairs: hashable, so the dataclass stays frozen

    def word(self, key: str) -> str:
        return dict(self.words).get(key, WORDS[key])

    def hours(self, status: str) -> float:
        return sum(period.hours for period in self.periods if period.status == status)


def parse_time(text: str) -> int:
    """Minutes after midnight for "HH:MM" (00:00 to 24:00). Raises ValueError."""
    match = _TIME.match(str(text).strip())
    if not match:
        raise ValueError(text)
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(text)
    return hours * 60 + minutes


def build_coverage(periods: list[Period], as_of: str = "") -> Coverage:
    """Fill the hours nobody listed with "unknown", split periods that cross midnight, merge neighbours.

    Raises ValueError naming the two periods that overlap.
    """
    pieces: list[Period] = []
    for period in periods:
        if period.end > period.start:
            pieces.append(period)
        else:  # crosses midnight: 22:00 to 02:00 is two pieces
            pieces.append(Period(period.start, MINUTES_PER_DAY, period.status, period.source, period.note))
            if period.end > 0:
                pieces.append(Period(0, period.end, period.status, period.source, period.note))
    pieces.sort(key=lambda period: period.start)
    for before, after in zip(pieces, pieces[1:]):
        if after.start < before.end:
            raise ValueError(f"{format_time(after.start)} falls inside {format_time(before.start)} to {format_time(before.end)}")
    filled: list[Period] = []
    cursor = 0
    for period in pieces:
        if period.start > cursor:
            filled.append(Period(cursor, period.start, "unknown"))
        filled.append(period)
        cursor = period.end
    if cursor < MINUTES_PER_DAY:
        filled.append(Period(cursor, MINUTES_PER_DAY, "unknown"))
    merged: list[Period] = []
    for period in filled:
        if merged and merged[-1].status == period.status and merged[-1].source == period.source \
                and merged[-1].note == period.note:
            merged[-1] = Period(merged[-1].start, period.end, period.status, period.source, period.note)
        else:
            merged.append(period)
    return Coverage(tuple(merged), as_of)


def load_coverage(path: Path, shown: str, source_ids: set[str] | None = None,
                  lang: str | None = None) -> tuple[Coverage | None, list[Problem]]:
    """Return the day's coverage from coverage.toml, and every problem in the file (with `lang`, its words in
    that language)."""
    file, problems = read_toml(path, shown, 'status = "none"', required=True)
    problems += in_language(file, path, shown, lang)
    if file is None:
        return None, problems
    periods = []
    for index, table in enumerate(file.data.get("period", [])):
        line = file.line("period", index)
        bad = False
        times = {}
        for key in ("start", "end"):
            try:
                times[key] = parse_time(table.get(key, ""))
            except ValueError:
                problems.append(Problem(shown, file.line("period", index, key), key,
                                        f'"{table.get(key, "")}" is not a time of day (period {index + 1}).',
                                        'Write a 24-hour time in quotes, like start = "06:00" or end = "24:00".'))
                bad = True
        status = table.get("status", "")
        if status not in STATUSES:
            problems.append(Problem(shown, file.line("period", index, "status") or line, "status",
                                    f'"{status}" is not a status (period {index + 1}).',
                                    'Write status = "responds", "none" or "unknown".'))
            bad = True
        source = str(table.get("source", ""))
        if not source:
            problems.append(Problem(shown, line, "source", f"is missing (period {index + 1}).",
                                    'Name the source of these hours, like source = "indy-2025-04".'))
            bad = True
        elif source_ids is not None and source not in source_ids:
            problems.append(Problem(shown, file.line("period", index, "source"), "source",
                                    f'"{source}" is not a source in sources.toml (period {index + 1}).',
                                    "Use an id from data/explainer/sources.toml, or add the source there first."))
            bad = True
        if not bad and times["start"] == times["end"] % MINUTES_PER_DAY and times["end"] != MINUTES_PER_DAY:
            problems.append(Problem(shown, line, "end", f"is the same as start (period {index + 1}).",
                                    'A whole day is start = "00:00", end = "24:00".'))
            bad = True
        if not bad:
            start, end = times["start"], times["end"]
            periods.append(Period(start % MINUTES_PER_DAY if start == MINUTES_PER_DAY else start,
                                  end, status, source, str(table.get("note", ""))))
    words = file.data.get("words", {})
    problems += check_table_keys(shown, file.line("words"), words, "word", "words", (), tuple(WORDS))
    if problems:
        return None, problems
    try:
        coverage = build_coverage(periods, str(file.data.get("as_of", "")))
        merged = {**WORDS, **{key: str(value) for key, value in words.items()}}
        return Coverage(coverage.periods, coverage.as_of, tuple(merged.items())), []
    except ValueError as error:
        return None, [Problem(shown, None, "period", f"two periods overlap: {error}.",
                              "Make each hour of the day belong to one period only.")]


def format_time(minutes: int, text: Text = ENGLISH) -> str:
    """"midnight", "6 a.m.", "noon", "6:30 p.m." for minutes after midnight ("medianoche", "6:00 a.m." in Spanish)."""
    minutes %= MINUTES_PER_DAY
    hours, rest = divmod(minutes, 60)
    if rest == 0 and hours == 0:
        return text._("midnight")
    if rest == 0 and hours == 12:
        return text._("noon")
    return text.clock(time(hours, rest))


def describe(coverage: Coverage, text: Text = ENGLISH) -> list[str]:
    """One plain sentence per period, starting at midnight: the text equivalent of the clock."""
    sentences = []
    for period in coverage.periods:
        span = text._("from %(start)s to %(end)s", start=format_time(period.start, text),
                      end=format_time(period.end, text))
        if period.start == 0 and period.end == MINUTES_PER_DAY:
            span = text._("all day and all night")
        # "6 a.m." already ends with a full stop.
        stop = "" if span.endswith(".") else "."
        if period.status == "responds":
            sentence = f"{coverage.word('responds')} {span}{stop}"
        elif period.status == "none":
            sentence = f"{coverage.word('none')} {span}{stop}"
        else:
            sentence = text._("%(span)s, our sources do not give exact hours.", span=f"{span[0].upper()}{span[1:]}")
            if period.start == 0 and period.end == MINUTES_PER_DAY:
                sentence = coverage.word("unknown_all_day")
        if period.note:
            sentence += " " + period.note
        sentences.append(sentence)
    return sentences


def _point(angle: float, radius: float, centre: float) -> tuple[float, float]:
    # Midnight at the top, time running clockwise, like a watch.
    return centre + radius * math.sin(angle), centre - radius * math.cos(angle)


def _fmt(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def sector_path(start: int, end: int, outer: float, inner: float, centre: float) -> str:
    """SVG path of the ring between `start` and `end` minutes (a full ring when they span the day)."""
    if end - start >= MINUTES_PER_DAY:
        # An arc cannot start and end at the same point: draw two halves.
        half = start + MINUTES_PER_DAY // 2
        return sector_path(start, half, outer, inner, centre) + " " + sector_path(half, end, outer, inner, centre)
    a0 = 2 * math.pi * start / MINUTES_PER_DAY
    a1 = 2 * math.pi * end / MINUTES_PER_DAY
    large = 1 if (end - start) > MINUTES_PER_DAY / 2 else 0
    x0, y0 = _point(a0, outer, centre)
    x1, y1 = _point(a1, outer, centre)
    x2, y2 = _point(a1, inner, centre)
    x3, y3 = _point(a0, inner, centre)
    return (f"M{_fmt(x0)} {_fmt(y0)}A{_fmt(outer)} {_fmt(outer)} 0 {large} 1 {_fmt(x1)} {_fmt(y1)}"
            f"L{_fmt(x2)} {_fmt(y2)}A{_fmt(inner)} {_fmt(inner)} 0 {large} 0 {_fmt(x3)} {_fmt(y3)}Z")


def clock_svg(coverage: Coverage, title: str, description_id: str, size: int = 320, text: Text = ENGLISH) -> str:
    """A static SVG clock face of the day; each status has its own colour and pattern (never colour alone)."""
    centre = size / 2
    outer, inner = size / 2 - 34, size / 2 - 92
    parts = [
        f'<svg class="hs-clock__svg" color="#1c1b1f" viewBox="-60 0 {size + 120} {size}" width="{size + 120}" height="{size}" role="img" '
        f'aria-labelledby="hs-clock-title" aria-describedby="{escape(description_id)}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="hs-clock-title">{escape(title)}</title>',
        # Fixed light colours, like a printed chart: readable in dark mode and without CSS.
        '<defs>'
        '<pattern id="hs-clock-none" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#fff"/>'
        '<line class="hs-hatch" x1="0" y1="0" x2="0" y2="8" stroke="currentColor" stroke-width="1.5"/></pattern>'
        '<pattern id="hs-clock-unknown" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#ddd6d0"/>'
        '<circle class="hs-dot" cx="4" cy="4" r="1.4" fill="currentColor"/></pattern>'
        '</defs><g stroke="currentColor">',
    ]
    for period in coverage.periods:
        fill = ' fill="#a4161a"' if period.status == "responds" else f' fill="url(#hs-clock-{period.status})"'
        parts.append(f'<path class="hs-clock__part hs-clock__part--{period.status}"{fill} '
                     f'd="{sector_path(period.start, period.end, outer, inner, centre)}">'
                     f'<title>{escape(describe(Coverage((period,), words=coverage.words), text)[0])}</title></path>')
    for hour in range(24):
        angle = 2 * math.pi * hour / 24
        x0, y0 = _point(angle, outer + 2, centre)
        x1, y1 = _point(angle, outer + (10 if hour % 6 == 0 else 6), centre)
        parts.append(f'<line stroke-width="2" x1="{_fmt(x0)}" y1="{_fmt(y0)}" x2="{_fmt(x1)}" y2="{_fmt(y1)}"/>')
    parts.append('</g><g fill="currentColor" font-size="15">')
    for hour in (0, 6, 12, 18):
        x, y = _point(2 * math.pi * hour / 24, outer + 22, centre)
        anchor = "middle" if hour in (0, 12) else ("start" if hour == 6 else "end")
        parts.append(f'<text x="{_fmt(x)}" y="{_fmt(y + 5)}" text-anchor="{anchor}">{escape(format_time(hour * 60, text))}</text>')
    parts.append(f'<text class="hs-clock__centre" font-size="34" font-weight="700" x="{_fmt(centre)}" y="{_fmt(centre - 2)}" text-anchor="middle">'
                 f'{_fmt(coverage.hours("none"))} h</text>')
    parts.append(f'<text x="{_fmt(centre)}" y="{_fmt(centre + 18)}" text-anchor="middle">'
                 f'{escape(coverage.word("centre"))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
