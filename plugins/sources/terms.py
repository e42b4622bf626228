"""Word and phrase matching for keywords (news feeds) and watch terms (council agendas): one matcher. Pure.

Rules, the same everywhere a campaign names words to look for:

- whole words only: "care" does not match "careful" or "daycare";
- accents never matter: "Policía" matches "policia" and the other way round;
- case does not matter, except for a term written in capitals (an acronym such as "CARE"), which matches only
  in capitals: "CARE" matches "the CARE program", not "Care Association" or "health care"
  (`match_case` forces either behaviour);
- a phrase's words may be split by any spaces or line breaks ("crisis   response");
- a trailing `*` matches any ending ("respuesta*" matches "respuestas");
- exclusions: a hit that falls inside an excluded phrase ("Health Care Authority") does not count.

Interface:

    matcher = Matcher([Term("CARE", exclude=("Health Care Authority",)), Term("Policía Comunitaria")])
    matcher.find(text)      # -> [Hit(term, start, end)], positions in `text` itself, hits in excluded phrases removed
    matcher.mentions(text)  # -> bool, any hit
    marked(text, hits)      # -> [(piece, is_hit)], for showing the matched words
    matches_keywords(text, include, exclude)  # the news rule: mentions an include term and no exclude term at all
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable


def fold(text: str, keep_case: bool = False) -> str:
    """Without accents and (unless keep_case) lowercase, so "Policía" and "policia" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text if keep_case else text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_with_positions(text: str) -> tuple[str, range | list[int]]:
    """`text` without accents (case kept), and for each folded character the index of the character it came from."""
    if text.isascii():
        return text, range(len(text) + 1)  # nothing to fold: the common case, kept fast
    folded: list[str] = []
    origin: list[int] = []
    last = 0
    for match in _NOT_ASCII.finditer(text):
        index = match.start()
        folded.append(text[last:index])  # runs of plain letters are copied whole
        origin.extend(range(last, index))
        for part in unicodedata.normalize("NFKD", match.group()):
            if not unicodedata.combining(part):
                folded.append(part)
                origin.append(index)
        last = index + 1
    folded.append(text[last:])
    origin.extend(range(last, len(text) + 1))
    return "".join(folded), origin


def is_acronym(term: str) -> bool:
    """True for a term written in capitals ("CARE", "ADA"): such terms match only in capitals."""
    letters = [char for char in term if char.isalpha()]
    return len(letters) > 1 and all(char.isupper() for char in letters)


@dataclass(frozen=True)
class Term:
    """A word or phrase to look for, with phrases in which it does not count."""

    phrase: str
    exclude: tuple[str, ...] = ()
    match_case: bool | None = None  # None: exact capitals only when the phrase is written in capitals

    @property
    def case_sensitive(self) -> bool:
        return is_acronym(self.phrase) if self.match_case is None else self.match_case


@dataclass(frozen=True)
class Hit:
    term: str  # the phrase as the campaign wrote it
    start: int  # position of the matched words in the text searched
    end: int


@lru_cache(maxsize=512)
def term_pattern(phrase: str, case_sensitive: bool) -> re.Pattern:
    """A whole-word, accent-insensitive pattern for `phrase`, for text folded with case kept.

    Raises ValueError for a phrase with no letters or digits (it would match everywhere or nowhere).
    """
    folded = fold(phrase.strip(), keep_case=True)
    prefix = folded.endswith("*")
    words = [re.escape(word) for word in folded.rstrip("*").split()]
    if not words or not re.search(r"\w", "".join(words)):
        raise ValueError(f'"{phrase}" has no letters or digits to look for')
    body = r"\s+".join(words)
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)"), flags)


def _with_needle(phrase: str, case_sensitive: bool | None = None) -> tuple[str, re.Pattern]:
    """(the phrase's first word, folded and in lower case, its pattern). No match is possible without the word."""
    sensitive = Term(phrase).case_sensitive if case_sensitive is None else case_sensitive
    return fold(phrase.split()[0].rstrip("*")), term_pattern(phrase, sensitive)


def check_phrase(phrase: str) -> str:
    """"" when `phrase` can be looked for, else what is wrong with it (plain words)."""
    try:
        term_pattern(phrase, False)
    except ValueError as error:
        return str(error)
    return ""


class Matcher:
    """Finds the terms in a text; see the module docstring for the rules. `exclude` applies to every term."""

    def __init__(self, terms: Iterable[Term | str], exclude: Iterable[str] = ()):
        self.terms = tuple(term if isinstance(term, Term) else Term(term) for term in terms
                           if (term.phrase if isinstance(term, Term) else term).strip())
        self.exclude = tuple(phrase for phrase in exclude if phrase.strip())
        # Compiled once per matcher: each term's pattern with the patterns of the phrases it does not count in,
        # each with its first word in lower case, a quick test that skips most patterns for most texts.
        self._everywhere = tuple(_with_needle(phrase) for phrase in self.exclude)
        self._compiled = tuple((term, _with_needle(term.phrase, term.case_sensitive),
                                tuple(_with_needle(phrase) for phrase in term.exclude)) for term in self.terms)

    def find(self, text: str) -> list[Hit]:
        """Every hit of every term in `text`, in order, leaving out hits inside an excluded phrase."""
        if not text or not self.terms:
            return []
        folded, origin = _fold_with_positions(text)
        lower = folded.casefold()

        def spans(patterns) -> list[tuple[int, int]]:
            return [match.span() for needle, pattern in patterns if needle in lower for match in pattern.finditer(folded)]

        hits, everywhere = [], None
        for term, (needle, pattern), own in self._compiled:
            if needle not in lower:
                continue
            excluded = None
            for match in pattern.finditer(folded):
                if excluded is None:  # exclusions are only looked for when the term is there
                    if everywhere is None:
                        everywhere = spans(self._everywhere)
                    excluded = everywhere + spans(own)
                start, end = match.span()
                if any(start < stop and begin < end for begin, stop in excluded):
                    continue
                hits.append(Hit(term.phrase, origin[start], origin[end - 1] + 1))
        return sorted(hits, key=lambda hit: (hit.start, -hit.end, hit.term))

    def mentions(self, text: str) -> bool:
        return bool(self.find(text))


def marked(text: str, hits: Iterable[Hit]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_hit) pieces, overlapping hits joined, for showing which words matched."""
    pieces, position = [], 0
    for hit in sorted(hits, key=lambda hit: hit.start):
        if hit.end <= position:
            continue
        start = max(hit.start, position)
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:hit.end], True))
        position = hit.end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def matches_keywords(text: str, include: Iterable[str], exclude: Iterable[str]) -> bool:
    """The news rule: True when `text` mentions one of `include` (or include is empty) and none of `exclude`.

    For news, an excluded word leaves the whole story out (a "sponsored" post is not news, whatever it mentions).
    """
    include = [term for term in include if term.strip()]
    if include and not Matcher(include).mentions(text):
        return False
    return not Matcher(exclude).mentions(text)
