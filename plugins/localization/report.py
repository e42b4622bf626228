"""The editions part of the build report, printed for organizers in the terminal (never written into the site).

It counts the pages of each edition, lists the pages an edition shows as "not translated yet" and the files
marked `Translation_status: needs review`, and gives each catalog's coverage of the theme's strings.
"""

from __future__ import annotations

import sys
from pathlib import Path

LISTED = 20  # untranslated pages named per edition; the rest are counted
# Filled when the build starts (plugin.check_catalogs_and_translations), printed when it ends.
_state: dict = {"coverage": [], "needs_review": []}


def remember(coverage: list, needs_review: list[str]) -> None:
    _state["coverage"] = list(coverage)
    _state["needs_review"] = list(needs_review)


def lines(result, coverage: list, needs_review: list[str]) -> list[str]:
    out = ["Language editions:"]
    for lang, count in sorted(result.pages.items()):
        untranslated = result.untranslated.get(lang, [])
        out.append(f"   {lang}: {count} pages, {len(untranslated)} not translated yet")
        for page in untranslated[:LISTED]:
            out.append(f"       not translated yet: {page}")
        if len(untranslated) > LISTED:
            # A few hundred lines after every save would hide the messages that matter.
            out.append(f"       and {len(untranslated) - LISTED} more pages not translated yet")
    for item in coverage:
        out.append(f"   theme strings in {item.lang}: {item.translated} of {item.total} translated "
                   f"({item.percent:.0f}%)")
    if needs_review:
        out.append("   Translation_status: needs review (shown on the site; check the wording):")
        out.extend(f"       {path}" for path in needs_review)
    return out


def write(output: Path, settings, result, stream=None) -> None:
    stream = stream or sys.stdout
    stream.write("\n".join(lines(result, _state["coverage"], _state["needs_review"])) + "\n")
