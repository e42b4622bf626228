"""The built site as a list of files with content hashes, HTTP headers and a safe upload order."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

# Our own table first: the system's mime.types differs between machines, and a changed header
# would change what is uploaded. Text types carry their charset so browsers never guess it.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".geojson": "application/geo+json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".atom.xml": "application/atom+xml",
    ".rss.xml": "application/rss+xml",
    ".xsl": "application/xslt+xml",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".woff2": "font/woff2",
    ".wasm": "application/wasm",
}
_FALLBACK_TYPES = mimetypes.MimeTypes(filenames=())  # Python's built-in table only, same on every machine

# A name that carries its content hash never changes content, so caches may keep it for a year.
# Ours look like site.3f2a9c1d.css; Pagefind's index files look like en_3f2a9c1.pf_meta.
_FINGERPRINTED = re.compile(r"(\.[0-9a-f]{8,}\.[A-Za-z0-9]+$)|(_[0-9a-f]{7,}\.pf_[a-z]+$)")

CACHE_CONTROL = {
    # Pages and lists change whenever content does: let browsers and CDNs reuse them for 5 minutes only.
    "page": "public, max-age=300",
    "fingerprinted": "public, max-age=31536000, immutable",
    "other": "public, max-age=3600",
}

# Files whose job is to point at other files: written after everything they may point at.
# pagefind-entry.json names the search index files (Pagefind names those by their content).
_POINTERS = re.compile(r"(^|/)(sitemap\.xml|robots\.txt|pagefind-entry\.json)$|\.(atom|rss)\.xml$|\.ics$")


@dataclass(frozen=True)
class SiteFile:
    key: str  # path below the site root, with forward slashes
    path: Path
    md5: str
    size: int
    content_type: str
    cache_control: str

    @property
    def is_page(self) -> bool:
        return self.key.endswith(".html")


def content_type(name: str) -> str:
    lower = name.lower()
    for suffix in sorted(CONTENT_TYPES, key=len, reverse=True):
        if lower.endswith(suffix):
            return CONTENT_TYPES[suffix]
    guessed, _ = _FALLBACK_TYPES.guess_type(lower, strict=True)
    return guessed or "application/octet-stream"


def is_fingerprinted(name: str) -> bool:
    return bool(_FINGERPRINTED.search(name))


def cache_control(name: str, rules: dict[str, str] | None = None) -> str:
    rules = {**CACHE_CONTROL, **(rules or {})}
    if is_fingerprinted(name):
        return rules["fingerprinted"]
    if name.endswith(".html") or _POINTERS.search(name) or name.endswith((".json", ".xml")):
        return rules["page"]
    return rules["other"]


def md5_of(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_site(site: Path, cache_rules: dict[str, str] | None = None) -> dict[str, SiteFile]:
    """Every file below `site`, by key. Raises FileNotFoundError when `site` is not a folder."""
    if not site.is_dir():
        raise FileNotFoundError(f"{site} is not a folder. Build the site first.")
    files = {}
    for path in sorted(site.rglob("*")):
        # A .git folder kept in output/ (Pelican's OUTPUT_RETENTION) is never part of the site.
        if path.is_file() and ".git" not in path.relative_to(site).parts:
            key = path.relative_to(site).as_posix()
            files[key] = SiteFile(key, path, md5_of(path), path.stat().st_size,
                                  content_type(key), cache_control(key, cache_rules))
    return files


@dataclass
class Changes:
    """What a publish does, in the order it does it."""

    upload: list[SiteFile]
    new: set[str]
    delete: list[str]

    @property
    def empty(self) -> bool:
        return not self.upload and not self.delete

    def lines(self) -> list[str]:
        out = [f"  {'add' if f.key in self.new else 'update'} {f.key}" for f in self.upload]
        out += [f"  delete {key}" for key in self.delete]
        return out

    def summary(self) -> str:
        added = sum(1 for f in self.upload if f.key in self.new)
        return f"{added} to add, {len(self.upload) - added} to update, {len(self.delete)} to delete"


def upload_rank(file: SiteFile, is_new: bool) -> int:
    """Order that keeps the live site whole if a publish stops part-way.

    0: assets (stylesheets, images, ...) first, so no page ever points at one that is missing;
    1: new pages, before the changed lists that link to them;
    2: changed pages;
    3: sitemap, feeds, calendars, robots.txt and the search index's entry file, which point at others.
    Deletions come after all uploads.
    """
    if _POINTERS.search(file.key):
        return 3
    if file.is_page:
        return 1 if is_new else 2
    return 0


def plan_changes(local: dict[str, SiteFile], remote_md5: dict[str, str]) -> Changes:
    """Compare the built files with the published ones (key -> md5) and order the work."""
    changed = [f for key, f in local.items() if remote_md5.get(key) != f.md5]
    new = {f.key for f in changed if f.key not in remote_md5}
    changed.sort(key=lambda f: (upload_rank(f, f.key in new), f.key))
    delete = sorted(key for key in remote_md5 if key not in local)
    return Changes(changed, new, delete)
