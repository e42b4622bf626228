"""Numbered source notes: read sources.toml and turn `[src:ID]` in a page into note numbers. No Pelican here."""

from __future__ import annotations

import difflib
import re
from html import escape
from dataclasses import dataclass
from pathlib import Path

from content_checks.problems import Problem
from sources.links import is_web_address
from localization.dates import partial_date

from localization.data import in_language
from sources.tomlfile import read_toml

REQUIRED = ("id", "publisher", "title", "date", "url", "link")
LINK_KINDS = ("page", "publisher")

# `[src:a]` or `[src:a, b]`. Python-Markdown leaves square brackets without a link target alone.
CITATION = re.compile(r"\[src:\s*([a-z0-9][a-z0-9, \-]*)\]")


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    date: str
    url: str
    link: str  # "page": url is the source; "publisher": url is only the publisher's home page


@dataclass(frozen=True)
class Note:
    number: int
    source: Source


def load_sources(path: Path, shown: str, lang: str | None = None) -> tuple[dict[str, Source], list[Problem]]:
    """Return the sources by id, and every problem in the file (with `lang`, its words in that language)."""
    file, problems = read_toml(path, shown, 'status = "none"', required=True)
    problems += in_language(file, path, shown, lang)
    if file is None:
        return {}, problems
    sources: dict[str, Source] = {}
    for index, table in enumerate(file.data.get("source", [])):
        line = file.line("source", index)
        name = table.get("id", f"source {index + 1}")
        bad = False
        for key in REQUIRED:
            if not str(table.get(key, "")).strip():
                problems.append(Problem(shown, line, key, f'is missing in source "{name}".',
                                        f'Add a line like: {key} = "..." (every source needs {", ".join(REQUIRED)}).'))
                bad = True
        for key in table:
            if key not in REQUIRED:
                problems.append(Problem(shown, file.line("source", index, key), key,
                                        f'is not a field sources have (source "{name}").', f"Use only: {', '.join(REQUIRED)}."))
                bad = True
        url = str(table.get("url", ""))
        if url and not is_web_address(url):
            problems.append(Problem(shown, file.line("source", index, "url"), "url",
                                    f'"{url}" is not a web address (source "{name}").',
                                    'Write the full address, like url = "https://www.example.gov/news/budget".'))
            bad = True
        if table.get("link") and table["link"] not in LINK_KINDS:
            problems.append(Problem(shown, file.line("source", index, "link"), "link",
                                    f'"{table["link"]}" is not a kind of link (source "{name}").',
                                    'Write link = "page" when url is the article itself, or link = "publisher".'))
            bad = True
        if table.get("date"):
            try:
                partial_date(str(table["date"]))
            except ValueError:
                problems.append(Problem(shown, file.line("source", index, "date"), "date",
                                        f'"{table["date"]}" is not a date (source "{name}").',
                                        'Write it like "2025-04-15", "2025-04" or "2025".'))
                bad = True
        if name in sources:
            problems.append(Problem(shown, line, "id", f'"{name}" is used by two sources.', "Give each source its own id."))
            bad = True
        if not bad:
            sources[name] = Source(**{key: str(table[key]) for key in REQUIRED})
    return sources, problems


def cited_ids(text: str) -> list[tuple[str, int]]:
    """Every source id cited in `text`, with its line number, in order."""
    found = []
    for match in CITATION.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        for source_id in match[1].split(","):
            if source_id.strip():
                found.append((source_id.strip(), line))
    return found


def check_citations(text: str, sources: dict[str, Source], shown: str, first_line: int = 0) -> list[Problem]:
    """A problem for each `[src:ID]` in a Markdown file whose ID is not in sources.toml."""
    problems = []
    for source_id, line in cited_ids(text):
        if source_id not in sources:
            close = difflib.get_close_matches(source_id, list(sources), n=1)
            hint = f'Did you mean [src:{close[0]}]? ' if close else ""
            problems.append(Problem(shown, line + first_line, "src", f'"{source_id}" is not a source in data/explainer/sources.toml.',
                                    f"{hint}Use an id from that file, or add the source there first."))
    return problems


def number_citations(html: str, sources: dict[str, Source], page_id: str = "",
                     label: str = "Source %(number)s") -> tuple[str, list[Note]]:
    """Replace each `[src:ID]` with a linked note number, numbering sources by first use; `label` is the link's
    name for screen readers, in the page's language.

    Returns the new HTML and the notes in number order. Unknown ids are left as written
    (check_citations reports them before the build gets here).
    """
    numbers: dict[str, int] = {}

    def replace(match: re.Match) -> str:
        links = []
        for source_id in [part.strip() for part in match[1].split(",") if part.strip()]:
            if source_id not in sources:
                return match[0]
            number = numbers.setdefault(source_id, len(numbers) + 1)
            links.append(f'<a href="#source-{number}" class="hs-cite__link" '
                         f'aria-label="{escape(label % {"number": number}, quote=True)}">{number}</a>')
        return '<sup class="hs-cite">[' + ", ".join(links) + "]</sup>"

    html = CITATION.sub(replace, html)
    notes = [Note(number, sources[source_id]) for source_id, number in sorted(numbers.items(), key=lambda item: item[1])]
    return html, notes
