"""Helpers to read a built site: its HTML pages, their links and their ids."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def page_url(output: Path, page: Path) -> str:
    """The address a page is served at, as a fake absolute URL for resolving relative links."""
    return "http://site.test/" + page.relative_to(output).as_posix()


def target_file(output: Path, absolute: str) -> Path | None:
    """The file an internal URL resolves to, or None when it leaves the site."""
    parsed = urlparse(absolute)
    if parsed.netloc != "site.test":
        return None
    path = output / parsed.path.lstrip("/")
    if parsed.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def internal_references(output: Path, page: Path, soup: BeautifulSoup):
    """Yield (attribute value, resolved absolute URL) for every href/src on the page that stays on the site."""
    base = page_url(output, page)
    for tag in soup.find_all(["a", "link", "img", "script", "source", "iframe"]):
        for attribute in ("href", "src"):
            value = tag.get(attribute)
            if not value or value.startswith(("mailto:", "tel:")):
                continue
            absolute = urljoin(base, value)
            yield tag, value, absolute
