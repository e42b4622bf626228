"""Links between language editions, settled once every edition is written. Knows nothing of Pelican.

Each page links to the same address in the other editions (the header's language switcher, `hreflang`
alternates). After the build, `settle(output, editions)`:

- points a switcher link whose page does not exist in the other edition (a tag only one language uses, a second
  page of a list) at the nearest page above it that does, so no link is ever broken;
- drops an `hreflang` alternate when the other page is missing or only says "not translated yet";
- corrects the one sitemap.xml (at the site root, for every edition) and writes each page's alternates into it
  (`xhtml:link`, as search engines read them), replacing pelican-sitemap's own translation lines, which
  misspell the attribute (`ref=`).

Returns counts for the build report.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .editions import Editions

_LINK = re.compile(r"<a\b[^>]*\bdata-edition-link\b[^>]*>")
_ALTERNATE = re.compile(r"<link\b[^>]*\bdata-edition-alternate\b[^>]*>\n?")
_HREF = re.compile(r'\bhref="([^"]*)"')
UNTRANSLATED_MARK = "data-untranslated"
_SITEMAP_URL = re.compile(r"<url>\s*<loc>([^<]*)</loc>(.*?)</url>", re.S)
_SITEMAP_TRANSLATION = re.compile(r'<xhtml:link rel="alternate" hreflang="[^"]*" ref="[^"]*"/>\n?')


@dataclass
class Settled:
    pages: dict[str, int] = field(default_factory=dict)  # lang -> HTML pages written
    untranslated: dict[str, list[str]] = field(default_factory=dict)  # lang -> pages saying "not translated"
    redirected_links: int = 0
    dropped_alternates: int = 0


def _edition_of(relative: str, editions: Editions) -> tuple[str, str]:
    """(lang, path inside that edition) for a path below the output folder."""
    for lang in editions.others:
        prefix = editions.root_path(lang)
        if relative.startswith(prefix):
            return lang, relative[len(prefix):]
    return editions.main, relative


def _page_file(output: Path, relative: str) -> Path:
    path = output / relative
    return path / "index.html" if relative.endswith("/") or relative == "" else path


def _existing(output: Path, lang: str, inside: str, editions: Editions) -> str:
    """The nearest address at or above `inside` that the `lang` edition has (its home page at worst)."""
    candidate = inside
    while True:
        relative = editions.root_path(lang) + candidate
        if _page_file(output, relative).is_file():
            return candidate
        if candidate in ("", "/"):
            return ""
        parent = posixpath.dirname(candidate.rstrip("/"))
        candidate = f"{parent}/" if parent else ""


@dataclass
class _Seen:
    """A page as settle last left it: its size and time after settling, and what it found there."""
    stamp: tuple[int, int]
    untranslated: bool
    redirected: int
    dropped: int
    original: str | None  # the page as the build wrote it, when settling changed it


# Per output folder: the pages and untranslated pages of the last settle, and each page as it was left. The
# preview settles again after every save in one process; a page the build did not touch is not read again,
# unless pages were added, removed, translated or untranslated (that can change where its links point).
_last: dict[str, tuple[frozenset, frozenset, dict[str, _Seen]]] = {}


def _html_pages(output: Path, written: set[str] | None) -> list[Path]:
    if written is None:
        return sorted(output.rglob("*.html"))
    top = os.path.abspath(output) + os.sep
    return sorted(Path(path) for path in written if path.endswith(".html") and path.startswith(top))


def settle(output: Path, editions: Editions, root: str, written: set[str] | None = None) -> Settled:
    """Fix cross-edition links in every HTML page under `output` and add hreflang pairs to the sitemaps.

    `root` is the main edition's absolute address (the sitemaps' addresses start with it). `written`, when
    given, holds the absolute paths this build produced: other files are stale and left for removal untouched.
    """
    result = Settled()
    known = _last.get(str(output))
    earlier: dict[str, _Seen] = known[2] if known else {}
    seen: dict[str, _Seen] = {}
    texts: dict[Path, str] = {}
    settled_before: dict[Path, str] = {}  # pages settled again from what the build wrote: what is on disk now
    stamps: dict[str, tuple[int, int]] = {}
    untranslated: set[str] = set()
    for path in _html_pages(output, written):
        relative = path.relative_to(output).as_posix()
        if relative.startswith("pagefind/"):
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        stamps[relative] = (stat.st_size, stat.st_mtime_ns)
        before = earlier.get(relative)
        if before is not None and before.stamp == stamps[relative]:
            seen[relative] = before
            is_untranslated = before.untranslated
        else:
            text = texts[path] = path.read_text(encoding="utf-8")
            is_untranslated = UNTRANSLATED_MARK in text
        if is_untranslated:
            untranslated.add(relative)
    if known is None or known[0] != frozenset(stamps) or known[1] != frozenset(untranslated):
        # Pages came, went or changed language status: every page's links are worked out again, from the page as
        # the build wrote it (a page the build left alone still holds what the last settle made of it).
        for relative, before in seen.items():
            path = output / relative
            texts[path] = path.read_text(encoding="utf-8")
            if before.original is not None:
                settled_before[path], texts[path] = texts[path], before.original
        seen = {}
    for relative in sorted(stamps):
        lang, _inside = _edition_of(relative, editions)
        result.pages[lang] = result.pages.get(lang, 0) + 1
        if relative in untranslated:
            result.untranslated.setdefault(lang, []).append(relative)

    def counterpart(relative: str, other: str) -> tuple[str, bool]:
        """(inside path of the other edition's nearest page, whether it is the same page and translated)."""
        _lang, inside = _edition_of(relative, editions)
        inside_page = inside[: -len("index.html")] if inside.endswith("index.html") else inside
        found = _existing(output, other, inside_page, editions)
        target = editions.root_path(other) + (found + "index.html" if found.endswith("/") or found == "" else found)
        return found, found == inside_page and target not in untranslated and relative not in untranslated

    for path, text in sorted(texts.items()):
        relative = path.relative_to(output).as_posix()
        lang, _inside = _edition_of(relative, editions)
        counts = {"redirected": 0, "dropped": 0}

        def fix_link(match: re.Match) -> str:
            tag = match[0]
            other = re.search(r'\bhreflang="([^"]*)"', tag)
            href = _HREF.search(tag)
            if not other or not href or other[1] not in editions.languages or other[1] == lang:
                return tag
            found, same = counterpart(relative, other[1])
            if same or found == _edition_of(relative, editions)[1]:
                return tag
            # Rebuild the relative link to the nearest page that exists.
            depth = relative.count("/")
            new_href = "../" * depth + editions.root_path(other[1]) + found
            counts["redirected"] += 1
            return tag.replace(href[0], f'href="{new_href or "./"}"')

        def fix_alternate(match: re.Match) -> str:
            tag = match[0]
            other = re.search(r'\bhreflang="([^"]*)"', tag)
            if not other:
                return tag
            _found, same = counterpart(relative, other[1])
            if same:
                return tag
            counts["dropped"] += 1
            return ""

        changed = _ALTERNATE.sub(fix_alternate, _LINK.sub(fix_link, text))
        if changed != settled_before.get(path, text):
            path.write_text(changed, encoding="utf-8")
        stat = path.stat()
        stamps[relative] = (stat.st_size, stat.st_mtime_ns)
        seen[relative] = _Seen(stamps[relative], relative in untranslated, counts["redirected"],
                               counts["dropped"], text if changed != text else None)
    result.redirected_links = sum(page.redirected for page in seen.values())
    result.dropped_alternates = sum(page.dropped for page in seen.values())
    _last[str(output)] = (frozenset(stamps), frozenset(untranslated), seen)

    _fix_sitemap(output, editions, counterpart, root.rstrip("/"), untranslated)
    return result


def _fix_sitemap(output: Path, editions: Editions, counterpart, root: str, untranslated: set[str]) -> None:
    """One sitemap for every edition, at the site root, each page with its other-language addresses.

    pelican-sitemap writes one sitemap for all i18n subsites, but lists another edition's articles and pages under
    the main edition's addresses (`obj.url` lacks the edition folder): those duplicates are dropped and the real
    addresses added, pages that only say "not translated yet" are left out, and the alternates are written.
    """
    sitemap = output / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = _SITEMAP_TRANSLATION.sub("", sitemap.read_text(encoding="utf-8"))
    prefix = f"{root}/"
    entries: dict[str, str] = {}
    for match in _SITEMAP_URL.finditer(text):
        loc, rest = match[1], match[2].rstrip()
        if loc.startswith(prefix) and loc not in entries:
            entries[loc] = rest

    def file_of(relative: str) -> str:
        return relative + "index.html" if relative.endswith("/") or not relative else relative

    for loc, rest in list(entries.items()):
        relative = loc[len(prefix):]
        lang, _inside = _edition_of(file_of(relative), editions)
        if lang != editions.main:
            continue
        for other in editions.others:
            target = editions.root_path(other) + relative
            if f"{prefix}{target}" not in entries and _page_file(output, target).is_file():
                entries[f"{prefix}{target}"] = rest
    blocks = []
    for loc in sorted(entries):
        relative = file_of(loc[len(prefix):])
        if relative in untranslated:
            continue
        lang, _inside = _edition_of(relative, editions)
        pairs = [(lang, loc)]
        for other in editions.languages:
            if other != lang:
                found, same = counterpart(relative, other)
                if same:
                    pairs.append((other, f"{prefix}{editions.root_path(other)}{found}"))
        links = "" if len(pairs) == 1 else "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href="{href}"/>\n' for code, href in sorted(pairs))
        blocks.append(f"<url>\n<loc>{loc}</loc>{entries[loc]}\n{links}</url>\n")
    head = text[: text.index("<url>")] if "<url>" in text else text
    tail = text[text.rindex("</url>") + len("</url>"):] if "</url>" in text else ""
    sitemap.write_text(head + "".join(blocks) + tail.lstrip("\n"), encoding="utf-8")
