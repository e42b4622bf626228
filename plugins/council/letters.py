"""Comment-letter templates (content/letters/*.md): read, check, fill in and measure. Pure: text in, records out.

A letter is plain text under a Markdown header. `{name}`, `{neighborhood}` and `{story}` mark what the writer
fills in; a heading line "## Spoken" starts the shorter version to read at the microphone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date

from localization.text import ENGLISH, Text
from content_checks.header import read_header
from content_checks.problems import Problem
from sources.examples import is_example

# The placeholders a letter may use, and what a reader without JavaScript sees in their place.
PLACEHOLDERS = {
    "name": {"en": "[Your name]", "es": "[Su nombre]"},
    "neighborhood": {"en": "[Your neighborhood]", "es": "[Su barrio]"},
    "story": {"en": "[Your story: why this matters to you]", "es": "[Su historia: por qué le importa]"},
}
ALIASES = {"neighbourhood": "neighborhood", "nombre": "name", "barrio": "neighborhood", "historia": "story"}
_TOKEN = re.compile(r"\{([^{}\n]{1,40})\}")
_SPOKEN = re.compile(r"^#{1,6}\s*(spoken|spoken version|at the microphone|para decir en voz alta)\s*:?\s*$", re.IGNORECASE)
WORDS_PER_MINUTE = 130  # a calm speaking pace, easy to follow in a council chamber
SEND_AS = ("to", "bcc")


@dataclass(frozen=True)
class Letter:
    path: str
    slug: str
    title: str
    subject: str
    text: str  # the letter with {placeholders}, line breaks as written
    spoken: str  # the microphone version with {placeholders}, or "" when there is none
    recipients: tuple[str, ...] = ("council",)  # official ids
    cc: tuple[str, ...] = ()  # official ids or email addresses
    send_as: str = "to"
    expires: date | None = None
    meeting: str = ""  # a meeting's address part, like 2023-05-15-city-council
    summary: str = ""
    lang: str = "en"
    example: bool = False
    status: str = "published"
    lines: dict = field(default_factory=dict, compare=False, hash=False)  # field name -> line, for later checks

    def placeholders(self) -> list[str]:
        """The placeholder names the letter uses, in order of first use."""
        seen = []
        for match in _TOKEN.finditer(self.text + "\n" + self.spoken):
            name = ALIASES.get(match[1].strip().lower(), match[1].strip().lower())
            if name not in seen:
                seen.append(name)
        return seen


def fill(text: str, values: dict[str, str] | None = None, lang: str = "en") -> str:
    """Replace every {placeholder}: with the writer's words when given, else with a visible [label]."""
    values = values or {}

    def replace(match):
        name = ALIASES.get(match[1].strip().lower(), match[1].strip().lower())
        if values.get(name):
            return values[name]
        if name not in PLACEHOLDERS:
            return match[0]  # reported by read_letter; the build stops before this letter is published
        labels = PLACEHOLDERS[name]
        return labels.get(lang, labels["en"])

    return _TOKEN.sub(replace, text)


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def read_letter(display: str, text: str, default_slug: str) -> tuple[Letter | None, list[Problem]]:
    """Return the letter in one file and every problem in it (the letter is None when it cannot be used)."""
    document = read_header(text)
    problems: list[Problem] = []

    value, line = document.value, document.line

    # The body: the letter, then optionally a "## Spoken" heading and the microphone version.
    body_lines = document.body.splitlines()
    split = next((index for index, row in enumerate(body_lines) if _SPOKEN.match(row.strip())), None)
    letter_lines = body_lines if split is None else body_lines[:split]
    spoken_lines = [] if split is None else body_lines[split + 1:]
    letter_text = "\n".join(letter_lines).strip("\n").rstrip()
    spoken_text = "\n".join(spoken_lines).strip("\n").rstrip()
    if not letter_text.strip():
        problems.append(Problem(display, document.body_first_line, "letter", "has no text.",
                                "Write the letter below the fields, after one empty line."))

    for offset, row in enumerate(body_lines):
        for match in _TOKEN.finditer(row):
            name = match[1].strip().lower()
            if ALIASES.get(name, name) not in PLACEHOLDERS:
                known = ", ".join("{" + key + "}" for key in PLACEHOLDERS)
                problems.append(Problem(display, document.body_first_line + offset, "letter",
                                        f'"{{{match[1]}}}" is not a placeholder the site knows.',
                                        f"Use one of {known}, like: My name is {{name}} and I live in {{neighborhood}}."))

    subject = value("subject")
    if not subject:
        problems.append(Problem(display, line("subject") or 1, "Subject", "is missing. Every letter needs a subject line.",
                                "Add a line like: Subject: Please fund the program in the budget"))
    send_as = (value("send_as") or "to").lower()
    if send_as not in SEND_AS:
        problems.append(Problem(display, line("send_as"), "Send_as", f'"{value("send_as")}" is not a way to send.',
                                'Write "to" (everyone sees every address) or "bcc" (addresses hidden), like: Send_as: bcc'))
    expires = None
    if value("expires"):
        try:
            expires = date.fromisoformat(value("expires"))
        except ValueError:
            problems.append(Problem(display, line("expires"), "Expires", f'"{value("expires")}" is not a date.',
                                    "Write the last day the letter should be on the site, like: Expires: 2023-06-20"))
    lang = value("lang") or "en"
    if lang not in ("en", "es"):
        problems.append(Problem(display, line("lang"), "Lang", f'"{lang}" is not a language the site has.',
                                "Use en or es, like: Lang: es"))
        lang = "en"
    recipients = _split_list(value("to")) or ("council",)
    if not subject or not letter_text.strip():
        return None, problems
    # Otherwise the letter comes back with its problems, so its recipients are checked in the same build.
    lines = {key: line(key) for key in ("to", "cc", "meeting") if line(key)}
    return Letter(
        path=display,
        slug=value("slug") or default_slug,
        title=value("title"),
        subject=subject,
        text=letter_text,
        spoken=spoken_text,
        recipients=recipients,
        cc=_split_list(value("cc")),
        send_as=send_as if send_as in SEND_AS else "to",
        expires=expires,
        meeting=value("meeting"),
        summary=value("summary"),
        lang=lang,
        example=is_example(value("example")),
        status=(value("status") or "published").lower(),
        lines=lines,
    ), problems


def count_words(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


@dataclass(frozen=True)
class SpeakingTime:
    words: int
    seconds: int
    limit_seconds: int | None

    @property
    def fits(self) -> bool:
        return self.limit_seconds is None or self.seconds <= self.limit_seconds


def speaking_time(text: str, limit_minutes: float | None) -> SpeakingTime:
    """Words and estimated seconds at WORDS_PER_MINUTE, against the speaker time limit."""
    words = count_words(text)
    seconds = math.ceil(words * 60 / WORDS_PER_MINUTE)
    limit = int(limit_minutes * 60) if limit_minutes else None
    return SpeakingTime(words, seconds, limit)


def duration_words(seconds: int, text: Text = ENGLISH) -> str:
    """"1 minute 37 seconds", "45 seconds", "3 minutes" (in the edition's language)."""
    minutes, rest = divmod(seconds, 60)
    parts = []
    if minutes:
        parts.append(text.n_("%(count)s minute", "%(count)s minutes", minutes))
    if rest or not minutes:
        parts.append(text.n_("%(count)s second", "%(count)s seconds", rest))
    return " ".join(parts)
