"""Read an organizer-kept TOML file and point problems at the line of each table and key. No Pelican here."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from content_checks.problems import Problem
from sources.textfiles import UnreadableFile, read_text_file


@dataclass
class TomlFile:
    """A parsed TOML file with the line numbers organizers need in messages."""

    shown: str
    text: str
    data: dict

    def table_line(self, name: str, index: int) -> int | None:
        """Line of the index-th `[[name]]` header (0-based), or None."""
        lines = [number for number, line in enumerate(self.text.splitlines(), 1)
                 if re.match(rf"\s*\[\[{re.escape(name)}\]\]", line)]
        return lines[index] if index < len(lines) else None

    def section_line(self, name: str) -> int | None:
        """Line of the `[name]` header, or None."""
        return next((number for number, line in enumerate(self.text.splitlines(), 1)
                     if re.match(rf"\s*\[{re.escape(name)}\]", line)), None)

    def key_line(self, key: str, table: str | None = None, index: int = 0) -> int | None:
        """Line where `key = ...` is written, inside the index-th `[[table]]` when given."""
        lines = self.text.splitlines()
        start = 0
        end = len(lines)
        if table is not None:
            first = self.table_line(table, index)
            if first is None:
                return None
            start = first
            following = [number for number, line in enumerate(lines, 1)
                         if number > first and re.match(r"\s*\[", line)]
            end = following[0] - 1 if following else len(lines)
        for number in range(start, end):
            if re.match(rf"\s*{re.escape(key)}\s*=", lines[number]):
                return number + 1
        return (start or None) if table is not None else None


def read_toml(path: Path, shown: str) -> tuple[TomlFile | None, list[Problem]]:
    """Return the parsed file, or None and a problem naming the line that cannot be read."""
    if not path.exists():
        return None, [Problem(shown, None, "", "is missing.", "Restore it from git: git checkout -- " + shown)]
    try:
        text = read_text_file(path, shown)
    except UnreadableFile as error:
        return None, [Problem(shown, error.line, "", error.what, error.fix)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        return None, [Problem(shown, int(line[1]) if line else None, "", f"cannot be read: {error}.",
                              'Check quotes and brackets near that line; text needs quotes, like status = "none".')]
    return TomlFile(shown, text, data), []
