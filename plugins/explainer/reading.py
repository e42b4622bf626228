"""Reading level of an explainer page: Flesch-Kincaid grade of its prose. No Pelican here."""

from __future__ import annotations

import re
from html.parser import HTMLParser


# Tables, figures (clock, map), source notes and code are data, not prose: a table of dates and
# dollar figures is not "hard to read" the way a long sentence is.
_SKIPPED = {"table", "figure", "svg", "pre", "code", "sup", "script", "style", "aside"}
_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "div", "summary"}


class _Prose(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0
        self.blocks: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.depth += 1
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.depth = max(0, self.depth - 1)
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self.depth:
            self.current.append(data)

    def _flush(self):
        text = " ".join("".join(self.current).split())
        if text:
            # A heading or list item without a full stop still ends a sentence for the formula.
            self.blocks.append(text if text[-1] in ".?!:)" else text + ".")
        self.current = []


def prose(html: str) -> str:
    """The readable text of a page: paragraphs, list items and headings, one block per line."""
    parser = _Prose()
    parser.feed(html)
    parser.close()
    parser._flush()
    return "\n".join(parser.blocks)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level of `text` (US school grade), rounded to one decimal."""
    import textstat  # with its syllable dictionary: only when a grade is not in the cache

    from .syllables import use_lazy_dictionary

    use_lazy_dictionary()
    textstat.set_lang("en_US")
    return round(textstat.flesch_kincaid_grade(text), 1)


def spanish_ease(text: str) -> float:
    """Szigriszt-Pazos ease of Spanish `text` (INFLESZ scale: 0 very hard .. 100 very easy; 55-65 "normal",
    65-80 "fairly easy"), rounded to one decimal. Higher is easier, unlike a grade."""
    import textstat

    textstat.set_lang("es")
    try:
        return round(textstat.szigriszt_pazos(text), 1)
    finally:
        textstat.set_lang("en_US")


def hardest_sentences(text: str, count: int = 3) -> list[tuple[float, str]]:
    """The sentences with the highest grade, hardest first, to tell organizers what to rewrite."""
    sentences = [sentence.strip() for sentence in re.split(r"(?<=[.!?])\s+", text) if len(sentence.split()) >= 6]
    scored = sorted(((grade(sentence), sentence) for sentence in sentences), reverse=True)
    return scored[:count]
