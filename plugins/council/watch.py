"""Watch terms (data/watch.toml) and which agenda items they match. No Pelican here.

The campaign names the words and phrases that matter to it; every agenda item of every meeting is matched against
them with the one matcher in `sources.terms` (whole words, capitals exact for acronyms, accents ignored,
exclusions). The file is checked like every data file: each mistake with the file, the line, the key, and the
nearest key for a typo.

    watch, problems = load_watch(Path("data/watch.toml"), "data/watch.toml")
    matches = match_items(items, watch)   # -> [ItemMatch(item, terms, pieces)] in agenda order
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from content_checks.problems import Problem
from content_checks.tables import check_table_keys
from sources.agenda import AgendaItem
from sources.terms import Matcher, Term, check_phrase, fold, marked
from sources.tomlfile import read_toml

REQUIRED = ("phrase",)
OPTIONAL = ("exclude", "match_case")
TOP_LEVEL = ("term", "exclude")


@dataclass(frozen=True)
class WatchList:
    terms: tuple[Term, ...] = ()
    exclude: tuple[str, ...] = ()  # phrases in which no term counts
    path: str = ""

    @property
    def matcher(self) -> Matcher:
        return Matcher(self.terms, self.exclude)

    def __bool__(self) -> bool:
        return bool(self.terms)


@dataclass(frozen=True)
class ItemMatch:
    """An agenda item that mentions a watch term: the item, the terms found, and its title cut into marked pieces."""

    item: AgendaItem
    terms: tuple[str, ...]
    pieces: tuple[tuple[str, bool], ...] = field(default=())


def _phrase_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(phrase, str) and phrase.strip() for phrase in value)


def load_watch(path: Path, shown: str) -> tuple[WatchList, list[Problem]]:
    """Return the watch list and every problem in the file. A missing file means nothing is watched."""
    file, problems = read_toml(path, shown, 'phrase = "budget"')
    if file is None:
        return WatchList(path=shown), problems
    data = file.data
    for key in data:
        if key not in TOP_LEVEL:
            close = difflib.get_close_matches(key, TOP_LEVEL, n=1, cutoff=0.6)
            line = file.line(key) or file.line("", None, key)
            problems.append(Problem(shown, line, key, "is not something this file has.",
                                    f'Did you mean "{close[0]}"?' if close else
                                    'Write each word or phrase as [[term]] with phrase = "...", and phrases that '
                                    'never count as exclude = ["..."] at the top.'))
    exclude = data.get("exclude", [])
    exclude_line = file.line("", None, "exclude")
    if not _phrase_list(exclude):
        problems.append(Problem(shown, exclude_line, "exclude", "must be a list of phrases in quotes.",
                                'Write it like: exclude = ["Health Care Authority"]'))
        exclude = []
    terms: list[Term] = []
    seen: dict[str, int | None] = {}
    tables = data.get("term", [])
    if not isinstance(tables, list):
        tables = []
    for index, table in enumerate(tables):
        line = file.line("term", index)
        if not isinstance(table, dict):
            continue
        phrase = table.get("phrase", "")
        where = phrase if isinstance(phrase, str) and phrase.strip() else f"term {index + 1}"
        found = check_table_keys(shown, line, table, "watch term", where, REQUIRED, OPTIONAL)
        if not isinstance(phrase, str):
            found.append(Problem(shown, line, "phrase", f"must be words in quotes (watch term {index + 1}).",
                                 'Write it like: phrase = "public safety department"'))
        elif phrase.strip() and check_phrase(phrase):
            found.append(Problem(shown, line, "phrase", f"{check_phrase(phrase)} (watch term {index + 1}).",
                                 'Write a word or phrase, like: phrase = "CARE"'))
        own_exclude = table.get("exclude", [])
        if not _phrase_list(own_exclude):
            found.append(Problem(shown, line, "exclude", f'must be a list of phrases in quotes (watch term "{where}").',
                                 'Write it like: exclude = ["Health Care Authority"]'))
        match_case = table.get("match_case")
        if match_case is not None and not isinstance(match_case, bool):
            found.append(Problem(shown, line, "match_case", f'must be true or false (watch term "{where}").',
                                 "Write: match_case = true (only these exact capitals count) or false (any case)."))
        if not found:
            key = fold(phrase.strip())
            if key in seen:
                found.append(Problem(shown, line, "phrase", f'"{phrase}" is listed twice (also on line {seen[key]}).',
                                     "Keep one [[term]] for it; put every exclusion in that one."))
            seen.setdefault(key, line)
        problems += found
        if not found:
            terms.append(Term(phrase.strip(), tuple(own_exclude), match_case))
    return WatchList(tuple(terms), tuple(exclude), shown), problems


def match_items(items, watch: WatchList) -> list[ItemMatch]:
    """The items that mention a watch term, in agenda order. An item's title and its note are searched."""
    if not watch:
        return []
    matcher = watch.matcher
    matches = []
    for item in items:
        title_hits = matcher.find(item.title)
        note_hits = matcher.find(item.note) if item.note else []
        if not title_hits and not note_hits:
            continue
        terms = tuple(dict.fromkeys(hit.term for hit in (*title_hits, *note_hits)))
        matches.append(ItemMatch(item, terms, tuple(marked(item.title, title_hits))))
    return matches
