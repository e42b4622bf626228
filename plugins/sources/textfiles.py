"""The one reader for text files organizers write: Markdown content and the data files (TOML, sources.toml).

Old editors save in other encodings. A UTF-8 byte-order mark (old Notepad) is accepted and removed; a file that is
not UTF-8 (most often Windows-1252 from an older Windows editor) is refused with a message naming the file, the
line of the first character that cannot be read, and how to save it as UTF-8: never a UnicodeDecodeError
traceback. Pure Python; imports nothing of Pelican or of another plugin.

    text = read_text_file(path, shown="content/events/rally.md")   # str, BOM removed
    # raises UnreadableFile(shown, line, what, fix); str(error) is "path:line: what fix"
"""

from __future__ import annotations

import codecs
from pathlib import Path

HOW_TO_SAVE_AS_UTF8 = ("Save it as UTF-8: in Notepad, File > Save As, Encoding: UTF-8; in VS Code, click the "
                       "encoding in the status bar, then Save with Encoding > UTF-8; in TextEdit, Format > Make Plain "
                       "Text, then save with Unicode (UTF-8).")


class UnreadableFile(ValueError):
    """A file that cannot be read as text. Same fields as an organizer Problem: shown, line, what, fix."""

    def __init__(self, shown: str, line: int | None, what: str, fix: str):
        super().__init__(f"{shown}:{line}: {what} {fix}" if line else f"{shown}: {what} {fix}")
        self.shown, self.line, self.what, self.fix = shown, line, what, fix


def decode_text(data: bytes, shown: str) -> str:
    """`data` as text (a UTF-8 byte-order mark removed). Raises UnreadableFile for anything but UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        guess, character = _guess(data, error.start)
        shown_character = f' (the first is "{character}" on line {line})' if character else ""
        raise UnreadableFile(shown, line, f"this file is not saved as UTF-8 text{guess}, so some characters cannot "
                                          f"be read{shown_character}.", HOW_TO_SAVE_AS_UTF8) from None


def read_text_file(path: Path, shown: str | None = None) -> str:
    """The text of `path`. Raises UnreadableFile (not UTF-8) or OSError (missing, unreadable) as open() does."""
    path = Path(path)
    return decode_text(path.read_bytes(), shown or str(path))


def _guess(data: bytes, position: int) -> tuple[str, str]:
    """(", it looks like Windows-1252 ..." or "", the character at `position` in that encoding or "")."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return " (it is UTF-16, which some Windows editors call 'Unicode')", ""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "", ""
    character = data[position:position + 1].decode("cp1252", errors="replace")
    return " (it looks like Windows-1252, the encoding of older Windows editors)", character
