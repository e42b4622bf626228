"""The one reader for the TOML files organizers keep: the data, and the line of every table and key, for
`file:line` messages. Plain Python in the base layer (no Pelican, no other plugin); every plugin reads its data
files through here.

    file, problems = read_toml(path, "data/site.toml")   # file is None when it cannot be read
    file.data                       # what tomllib read
    file.line("menu", 2)            # line of the third [[menu]] table
    file.line("words", None, "news")    # line of `news = ...` in [words] (the table's line when not written)
    file.line("", None, "name")     # line of a top-level key
    file.line("metrics.hours-per-day")  # line of a [metrics.hours-per-day] table

A file that is not there is empty (or a problem, when it is required); a file that is not UTF-8 or not TOML gives one
Problem naming its line, and no file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem
from .textfiles import UnreadableFile, read_text_file

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def _where(text: str) -> dict[tuple, int]:
    """(table, index of a [[table]] or None, key or "") -> the first line it is written on."""
    where: dict[tuple, int] = {}
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
            where.setdefault((section, index, ""), number)
            continue
        key = _KEY.match(line)
        if key:
            where.setdefault((section, index, key[1]), number)
    return where


@dataclass
class TomlFile:
    """A TOML file as read: its name as organizers see it, its text, its data, and where each table and key is."""

    shown: str
    text: str = ""
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        self._where = _where(self.text)

    def line(self, table: str = "", index: int | None = None, key: str = "") -> int | None:
        """The line of `key` in a table (the table's own line when the key is not written); `table` "" is the
        top of the file, `index` picks one of several [[table]]s (0 is the first; without it, the first)."""
        for at in (index, 0) if index is None else (index,):
            found = self._where.get((table, at, key)) or self._where.get((table, at, ""))
            if found:
                return found
        return None


def read_toml(path: Path, shown: str, example: str = 'name = "Our campaign"',
              required: bool = False) -> tuple[TomlFile | None, list[Problem]]:
    """Read `path`. A file that is not there is an empty TomlFile, or a problem when it is `required`.

    `example` is a line of this file written right, shown when the file cannot be read as TOML.
    """
    path = Path(path)
    if not path.exists():
        if required:
            return None, [Problem(shown, None, "", "is missing.", "Restore it from git: git checkout -- " + shown)]
        return TomlFile(shown), []
    try:
        text = read_text_file(path, shown)
    except UnreadableFile as error:
        return None, [Problem(shown, error.line, "", error.what, error.fix, unreadable=True)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return None, [Problem(shown, int(line[1]) if line else None, "", f"cannot be read: {error}.",
                              f"Check quotes and brackets near that line; text needs quotes, like {example}.",
                              unreadable=True)]
    return TomlFile(shown, text, data), []
