"""Check organizer-written Markdown before Pelican reads it. Pure functions: text in, problems out."""

from __future__ import annotations

import difflib
import re
from datetime import datetime
from pathlib import Path

from sources.filememo import per_file
from sources.problems import shown_path
from sources.links import is_web_address
from sources.textfiles import UnreadableFile

from .fields import (DATE_EXAMPLE, DATE_PRECISIONS, FIELDS, FILENAME_SLUG_KINDS, KINDS, OWN_STATUS_KINDS, STATUSES,
                     TITLE_MISSING)
from .header import Document, file_header
from .problems import Problem

_LINK = re.compile(r"\{(?:filename|static|attach)\}(?P<target>[^)\s\"'>]+)")
_DATE_EXAMPLE = DATE_EXAMPLE


def parse_date(value: str) -> datetime | None:
    """Return the date for `YYYY-MM-DD` with an optional `HH:MM[:SS]` and offset, else None."""
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def suggest_key(key: str, kind: str) -> str | None:
    names = [field.name for field in FIELDS.values() if kind in field.kinds]
    lowered = {name.lower(): name for name in names}
    close = difflib.get_close_matches(key.lower(), lowered, n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def usable_address(value: str, key: str = "slug") -> bool:
    """False for a Slug or Save_as that would write outside the site folder ("../../x", "/etc/x", "a\\..\\b")."""
    parts = value.replace("\\", "/").split("/")
    if key == "slug" and len(parts) > 1:
        return False
    return bool(value.strip()) and not value.startswith(("/", "\\")) and ".." not in parts and ":" not in value \
        and all(char.isprintable() for char in value)


def check_document(path: str, kind: str, document: Document) -> list[Problem]:
    """Return every mistake in one file's header."""
    problems = []
    for entry in document.entries:
        field = FIELDS.get(entry.key.lower())
        if field is None or kind not in field.kinds:
            suggestion = suggest_key(entry.key, kind)
            if suggestion:
                fix = f'Did you mean "{suggestion}"? Write it like: {suggestion}: {FIELDS[suggestion.lower()].example}'
            else:
                known = ", ".join(sorted(f.name for f in FIELDS.values() if kind in f.kinds))
                fix = f"Remove it, or use one of: {known}."
            problems.append(Problem(path, entry.line, entry.key, f"is not a field the site knows for {_article(kind)} {kind}.", fix))

    for key in ("slug", "save_as"):
        entry = document.get(key)
        if entry and not usable_address(entry.value, key):
            example = "Slug: take-action" if key == "slug" else "Save_as: privacy/index.html"
            problems.append(Problem(path, entry.line, entry.key,
                                    f'"{entry.value}" is not a usable page address: it must stay inside the site '
                                    "(no .. and no / at the start" + (", and no / at all" if key == "slug" else "")
                                    + ").", f"Use lowercase words and dashes, like: {example}"))

    source = document.get("source")
    if source and source.value and kind == "update" and not is_web_address(source.value):
        # The page links to it: only an http(s) address may reach an href (sources.links, the one link policy).
        problems.append(Problem(path, source.line, source.key, f'"{source.value}" is not a web address.',
                                "Write the whole address, starting with https://, like: Source: https://www.example.gov/news/budget"))

    title = document.get("title")
    if title is None or not title.value:
        line = title.line if title else 1
        problems.append(
            Problem(path, line, "Title", "is missing.", TITLE_MISSING)
        )

    if "update" == kind:
        date = document.get("date")
        if date is None:
            problems.append(Problem(path, 1, "Date", "is missing. Every update needs the day it was published.", _DATE_EXAMPLE))
    for key in ("date", "modified"):
        entry = document.get(key)
        if entry and kind == "update" and parse_date(entry.value) is None:
            problems.append(Problem(path, entry.line, entry.key, f'"{entry.value}" is not a date.', _DATE_EXAMPLE))

    status = document.get("status")
    if status and kind not in OWN_STATUS_KINDS and status.value.lower() not in STATUSES:
        problems.append(
            Problem(path, status.line, status.key, f'"{status.value}" is not a status the site knows.',
                    f"Use one of: {', '.join(STATUSES)}.")
        )
    precision = document.get("date_precision")
    if precision and precision.value.lower() not in DATE_PRECISIONS:
        problems.append(
            Problem(path, precision.line, precision.key, f'"{precision.value}" is not a precision the site knows.',
                    f"Use one of: {', '.join(DATE_PRECISIONS)}.")
        )
    return problems


def _link_targets(path: Path, document: Document, content_root: Path) -> list[tuple[int, str, Path]]:
    """Each `{filename}` link of the text: (line, link as written, the file it names)."""
    targets = []
    for offset, line in enumerate(document.body.splitlines()):
        for match in _LINK.finditer(line):
            target = match["target"].split("#", 1)[0].split("?", 1)[0]
            if not target:
                continue
            resolved = content_root / target.lstrip("/") if target.startswith("/") else path.parent / target
            targets.append((document.body_first_line + offset, match["target"], resolved))
    return targets


def _missing_targets(display: str, targets: list[tuple[int, str, Path]]) -> list[Problem]:
    return [Problem(display, line, "link", f'points to "{written}", but there is no such file.',
                    "Check the spelling; the path is relative to this file, like {filename}../pages/about.md")
            for line, written, resolved in targets if not resolved.exists()]


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def kind_of(relative: Path) -> str | None:
    return KINDS.get(relative.parts[0]) if len(relative.parts) > 1 else None


def check_content_folder(content_root: Path, slugify, shown_root: Path | None = None) -> list[Problem]:
    """Check every Markdown file under content_root; `slugify(title)` gives a page's default slug."""
    shown_root = shown_root or content_root
    problems: list[Problem] = []
    seen_slugs: dict[tuple[str, str, str], str] = {}
    for path in sorted(content_root.rglob("*.md")):
        relative = path.relative_to(content_root)
        display = _display(path, shown_root)
        kind = kind_of(relative)
        if kind is None:
            folders = " or ".join(f"content/{folder}/" for folder in KINDS)
            problems.append(Problem(display, None, "", "is not in a folder the site reads, so it would not appear.",
                                    f"Move it into {folders}."))
            continue
        try:
            document, found, targets = _checked_file(path, display, kind, content_root)
        except UnreadableFile as error:
            problems.append(Problem(display, error.line, "", error.what, error.fix, unreadable=True))
            continue
        problems += found
        problems += _missing_targets(display, targets)

        slug_entry, title = document.get("slug"), document.get("title")
        if kind in FILENAME_SLUG_KINDS:
            slug = slug_entry.value if slug_entry else path.stem
        else:
            slug = slug_entry.value if slug_entry else (slugify(title.value) if title and title.value else None)
        lang = document.get("lang")
        translation = document.get("translation")
        if slug and not (translation and translation.value.lower() == "true"):
            key = (kind, slug, lang.value if lang else "")
            if key in seen_slugs:
                line = slug_entry.line if slug_entry else (title.line if title else None)
                problems.append(Problem(display, line, "Slug",
                                        f'"{slug}" is also the address of {seen_slugs[key]}; two pages cannot share one address.',
                                        "Give one of them a different title, or add a line like: Slug: " + slug + "-2"))
            else:
                seen_slugs[key] = display
    return problems


def _checked_file(path: Path, display: str, kind: str, content_root: Path):
    """One file's header, its problems and its links, remembered while the file stays the same (sources.filememo:
    the preview checks after every save, each edition checks the folder). Whether a link's file exists is asked
    every time."""
    def check():
        document = file_header(path, display)
        return document, check_document(display, kind, document), _link_targets(path, document, content_root)

    document, found, targets = per_file(path, "content check", check, display, kind, str(content_root))
    return document, list(found), targets


def _display(path: Path, root: Path) -> str:
    return shown_path(path, root.parent)
