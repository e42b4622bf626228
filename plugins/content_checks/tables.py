"""Checks shared by the hand-kept data files (figures, officials, sources): known keys and web addresses."""

from __future__ import annotations

import difflib
from urllib.parse import urlparse

from .problems import Problem


def check_table_keys(shown: str, line: int | None, table: dict, noun: str, where: str,
                     required: tuple[str, ...], optional: tuple[str, ...]) -> list[Problem]:
    """Return a problem for every required key that is missing or empty and every key the file kind does not have."""
    problems = []
    for key in required:
        if not str(table.get(key, "")).strip():
            problems.append(Problem(shown, line, key, f'is missing in {noun} "{where}".',
                                    f'Add a line like: {key} = "..." (every {noun} needs {", ".join(required)}).'))
    known = required + optional
    for key in table:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            fix = f'Did you mean "{close[0]}"?' if close else f"Use only: {', '.join(known)}."
            problems.append(Problem(shown, line, key, f'is not a field a {noun} has ({noun} "{where}").', fix))
    return problems


def is_web_address(value: str) -> bool:
    """True for a full http(s) address with a host, the only kind of link a source or contact may have."""
    parts = urlparse(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value.strip()
