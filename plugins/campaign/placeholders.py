"""Find the placeholders a campaign still has to fill in (`FILL IN` in its content and data). No Pelican.

    placeholders = find_placeholders(Path("my-campaign"))
    for placeholder in placeholders:
        print(placeholder.message())

`invoke new-campaign` writes a starter campaign whose unknown facts say `FILL IN: what to write`. Preview builds
list every one that is left; `invoke publish` refuses to publish while any is left. Comment lines of TOML files
(which explain the file) are not placeholders; everything else is, wherever it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sources.filememo import per_file

MARKER = "FILL IN"
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_HEADER_KEY = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):")


@dataclass(frozen=True)
class Placeholder:
    path: str  # as organizers know it, from the campaign folder
    line: int
    field: str  # the key or field it is in, or "text"
    text: str  # the placeholder's own words, for the message

    def message(self) -> str:
        return (f"{self.path}:{self.line}: {self.field}: is still a placeholder ({self.text}). "
                "Write your campaign's own words here, and take out FILL IN.")


def _snippet(line: str) -> str:
    start = line.index(MARKER)
    text = line[start:].strip().rstrip('",').strip()
    return f'"{text[:77]}..."' if len(text) > 80 else f'"{text}"'


def _toml_placeholders(path: Path, shown: str) -> list[Placeholder]:
    found, key = [], "text"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        match = _TOML_KEY.match(line)
        if match:
            key = match.group(1)
        if MARKER in line:
            found.append(Placeholder(shown, number, key, _snippet(line)))
    return found


def _markdown_placeholders(path: Path, shown: str) -> list[Placeholder]:
    found, in_header = [], True
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if in_header and not line.strip():
            in_header = False
        if MARKER not in line:
            continue
        match = _HEADER_KEY.match(line) if in_header else None
        found.append(Placeholder(shown, number, match.group(1) if match else "text", _snippet(line)))
    return found


def find_placeholders(folder: Path) -> list[Placeholder]:
    """Every placeholder left in the campaign folder's content/ (Markdown) and data/ (TOML), in path order."""
    folder = Path(folder)
    found: list[Placeholder] = []
    for path in sorted((folder / "content").rglob("*.md")):
        shown = str(path.relative_to(folder))
        found += per_file(path, "placeholders", lambda: _markdown_placeholders(path, shown), shown)
    for path in sorted((folder / "data").rglob("*.toml")):
        shown = str(path.relative_to(folder))
        found += per_file(path, "placeholders", lambda: _toml_placeholders(path, shown), shown)
    return found


def notice(placeholders: list[Placeholder]) -> str:
    """What a preview build prints: every placeholder left, and what publishing will do."""
    if not placeholders:
        return ""
    count = len(placeholders)
    lines = [f"{count} placeholder{'s' if count != 1 else ''} still to fill in "
             "(the site builds, but `invoke publish` refuses it until none is left):"]
    lines += ["  " + placeholder.message() for placeholder in placeholders]
    return "\n".join(lines)
