"""A translated file must say the same facts as its original: same dates, times, numbers and sources.

Checked when the build starts (content_checks' register_check), for every pair of files in one content folder
that are the same page in two languages: the same Slug (pages, updates, events, letters) or the same Body and day
(meeting notes). Knows nothing of Pelican.

Compared: the fields that carry facts (dates, event times, status, recipients...), and in the text every number,
every `<time datetime>`, every `[src:...]` citation and every `{stat:...}` figure. Words may differ; facts may not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from content_checks.header import Document, file_header
from content_checks.problems import Problem

# Fields whose values are facts, so a translation copies them exactly.
FACT_FIELDS = ("Date", "Date_precision", "Modified", "Status", "Example", "Template", "Explainer", "Start", "End",
               "Timezone", "Step_free", "ASL", "Spanish", "Childcare", "Rsvp", "Body", "When", "Cancelled",
               "Agenda", "Minutes", "Video", "To", "Cc", "Send_as", "Expires", "Meeting")
_FILENAME_SLUG = {"events", "letters"}
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_TIME = re.compile(r'<time\b[^>]*\bdatetime="([^"]+)"')
_SOURCE = re.compile(r"\[src:([^\]]+)\]")
_STAT = re.compile(r"\{stat:([^}]+)\}")
# Link targets, file links and HTML attributes hold addresses, not figures readers see.
_NOT_TEXT = re.compile(r"\]\([^)]*\)|\{filename\}[^)\s]*|\b[a-z-]+=\"[^\"]*\"|https?://\S+|`[^`]*`")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass
class Version:
    path: Path
    shown: str
    folder: str
    lang: str
    key: tuple
    document: Document


def figures(text: str) -> dict[str, set[str]]:
    """Numbers, <time datetime> values, [src:...] and {stat:...} ids in a Markdown body, for comparison."""
    times = set(_TIME.findall(text))
    sources = {part.strip() for group in _SOURCE.findall(text) for part in group.split(",")}
    stats = {stat.strip() for stat in _STAT.findall(text)}
    plain = _PLACEHOLDER.sub(" ", _STAT.sub(" ", _SOURCE.sub(" ", _NOT_TEXT.sub(" ", text))))
    numbers = {match.replace(",", "").rstrip(".") for match in _NUMBER.findall(plain)}
    return {"numbers": numbers, "dates in <time>": times, "sources [src:...]": sources, "figures {stat:...}": stats}


def _slug(path: Path, folder: str, document: Document, slugify) -> str | None:
    slug = document.value("slug")
    if slug:
        return slug
    if folder in _FILENAME_SLUG:
        return path.stem
    title = document.value("title")
    return slugify(title) if title else None


def read_versions(content_root: Path, main_lang: str, slugify, shown_root: Path | None = None) -> list[Version]:
    shown_root = shown_root or content_root.parent
    versions = []
    for path in sorted(content_root.rglob("*.md")):
        relative = path.relative_to(content_root)
        if len(relative.parts) < 2:
            continue
        folder = relative.parts[0]
        try:
            document = file_header(path)  # read once per version of the file, shared with the content checks
        except (OSError, ValueError):  # not there any more, or not UTF-8 text
            continue  # content_checks names the file
        lang = document.value("lang") or main_lang
        if folder == "meetings":
            key = (folder, " ".join(document.value("body").split()).casefold(), document.value("when")[:10])
        else:
            key = (folder, _slug(path, folder, document, slugify))
        try:
            shown = str(path.relative_to(shown_root))
        except ValueError:
            shown = str(path)
        versions.append(Version(path, shown, folder, lang, key, document))
    return versions


def check_translations(content_root: Path, main_lang: str, slugify, shown_root: Path | None = None) -> list[Problem]:
    """Every disagreement between a translation and its original, one problem each (file:line: field: ...)."""
    versions = read_versions(content_root, main_lang, slugify, shown_root)
    problems: list[Problem] = []
    groups: dict[tuple, list[Version]] = {}
    for version in versions:
        groups.setdefault(version.key, []).append(version)
    by_file = {version.path: version for version in versions}
    for version in versions:
        # what-is-heart.es.md next to what-is-heart.md, but with another Slug: it would not be paired.
        parts = version.path.name.split(".")
        if len(parts) == 3 and parts[1] == version.lang and version.lang != main_lang:
            original = by_file.get(version.path.with_name(f"{parts[0]}.md"))
            if original and original.key != version.key and version.folder != "meetings":
                problems.append(Problem(version.shown, version.document.line("slug") or version.document.line("title"),
                                        "Slug", f"is not the same as in {original.shown}, so the two are not paired "
                                        "as translations of one page.",
                                        f"Give it the original's address, like: Slug: {original.key[1]}"))
    for key, group in sorted(groups.items(), key=lambda item: str(item[0])):
        originals = [version for version in group if version.lang == main_lang]
        if not originals:
            continue
        original = originals[0]
        for version in group:
            if version is original or version.lang == main_lang:
                continue
            problems += _compare(original, version)
    return problems


def _compare(original: Version, translation: Version) -> list[Problem]:
    problems = []
    for name in FACT_FIELDS:
        key = name.lower()
        theirs, ours = original.document.value(key), translation.document.value(key)
        if theirs != ours:
            line = translation.document.line(key) or translation.document.line("title")
            shown_value = f'"{ours}"' if ours else "missing"
            problems.append(Problem(translation.shown, line, name,
                                    f'is {shown_value}, but {original.shown} says "{theirs}".' if theirs else
                                    f'is {shown_value}, but {original.shown} has no {name}.',
                                    f"A translation keeps the original's facts: write {name}: {theirs}" if theirs else
                                    f"Remove the {name} line, or add it to {original.shown} too."))
    ours, theirs = figures(translation.document.body), figures(original.document.body)
    for kind in theirs:
        missing, extra = sorted(theirs[kind] - ours[kind]), sorted(ours[kind] - theirs[kind])
        if kind == "dates in <time>":
            extra = []  # marking up a date the original writes as plain text is fine; its numbers are compared
        if missing or extra:
            said = []
            if missing:
                said.append(f"lacks {', '.join(missing)}")
            if extra:
                said.append(f"has {', '.join(extra)} that the original does not")
            problems.append(Problem(translation.shown, translation.document.body_first_line, "text",
                                    f"{kind}: the translation {' and '.join(said)} ({original.shown}).",
                                    "Write the same figures, dates and sources as the original, so both editions "
                                    "say the same facts; reword the sentence, not the facts."))
    return problems
