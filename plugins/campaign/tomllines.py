"""Read a hand-kept TOML file and remember the line of every table and key, for `file:line` messages. No Pelican.

    data, lines, problem = read_toml(path, shown)
    lines.of("menu", 2)          # line of the third [[menu]] table
    lines.of("words", None, "news")   # line of `news = ...` in [words]
    lines.of("", None, "name")   # line of a top-level key
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from content_checks.problems import Problem
from sources.textfiles import UnreadableFile, read_text_file

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


class Lines:
    def __init__(self, text: str):
        self._where: dict[tuple, int] = {}
        section, index, counts = "", None, {}
        for number, line in enumerate(text.splitlines(), 1):
            header = _HEADER.match(line)
            if header:
                section = header[2]
                if header[1] == "[[":
                    index = counts.get(section, 0)
                    counts[section] = index + 1
                else:
                    index = None
                self._where.setdefault((section, index, ""), number)
                continue
            key = _KEY.match(line)
            if key:
                self._where.setdefault((section, index, key[1]), number)

    def of(self, section: str, index: int | None = None, key: str = "") -> int | None:
        """The line of a key (or of the table itself when key is ""); the table's line when the key is not written."""
        return self._where.get((section, index, key)) or self._where.get((section, index, "")) or None


def read_toml(path: Path, shown: str) -> tuple[dict, Lines, Problem | None]:
    """The file's data and lines, or ({}, ..., problem) when it cannot be read. A missing file is empty."""
    if not path.exists():
        return {}, Lines(""), None
    try:
        text = read_text_file(path, shown)
    except UnreadableFile as error:
        return {}, Lines(""), Problem(error.shown, error.line, "", error.what, error.fix)
    try:
        return tomllib.loads(text), Lines(text), None
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return {}, Lines(text), Problem(shown, int(line[1]) if line else None, "", f"cannot be read: {error}.",
                                        'Check quotes and brackets near that line; text needs quotes, like name = "Our campaign".')
