"""Checks shared by the hand-kept data files (figures, officials, sources): known keys. (Web addresses: sources.links.)"""

from __future__ import annotations

import difflib

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

