"""Read the metadata header of a Markdown file, keeping the line number of every key."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.filememo import per_file
from sources.textfiles import read_text_file

# Same rules as Python-Markdown's meta extension, which Pelican's Markdown reader uses:
# https://python-markdown.github.io/extensions/meta_data/
_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")


@dataclass
class Entry:
    key: str  # as written
    value: str
    line: int


@dataclass
class Document:
    entries: list[Entry]
    body: str
    body_first_line: int

    def get(self, key: str) -> Entry | None:
        for entry in self.entries:
            if entry.key.lower() == key:
                return entry
        return None

    def value(self, key: str) -> str:
        """The stripped value of `key` (lowercase), or "" when the file does not have it."""
        entry = self.get(key)
        return entry.value.strip() if entry else ""

    def line(self, key: str) -> int | None:
        """The line `key` is written on, or None when the file does not have it."""
        entry = self.get(key)
        return entry.line if entry else None


def read_header(text: str) -> Document:
    """Split a Markdown file into its metadata entries (with line numbers) and its body."""
    lines = text.removeprefix("\ufeff").splitlines()  # a byte-order mark (old Notepad) is not part of "Title"
    entries: list[Entry] = []
    index = 0
    if lines and lines[0].strip() == "---":
        index = 1
    while index < len(lines):
        line = lines[index]
        if not line.strip() or line.strip() in ("---", "..."):
            index += 1
            break
        match = _KEY.match(line)
        if match:
            entries.append(Entry(match["key"], match["value"].strip(), index + 1))
        else:
            continuation = _CONTINUATION.match(line)
            if continuation and entries:
                entries[-1].value += " " + continuation["value"].strip()
            else:
                break  # the body starts without a blank line
        index += 1
    return Document(entries, "\n".join(lines[index:]), index + 1)


def file_header(path, shown: str | None = None) -> Document:
    """The header of the Markdown file at `path`, read once per version of the file (sources.filememo): the content
    checks, the translation checks and the event pages all read it, in each language edition. The Document is
    shared: do not change it. Raises UnreadableFile (not UTF-8 text; `shown` names the file) or OSError."""
    return per_file(path, "header", lambda: read_header(read_text_file(path, shown)))
