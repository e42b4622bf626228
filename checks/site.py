"""The built site on disk: which pages it has, and how addresses map to files."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit


def html_pages(output: Path) -> list[str]:
    """Every HTML page in `output`, as sorted POSIX paths relative to it (`about/index.html`)."""
    return sorted(path.relative_to(output).as_posix() for path in output.rglob("*.html") if path.is_file())


def page_url(page: str) -> str:
    """The address path a page is served at: `about/index.html` -> `about/`, `index.html` -> ``."""
    if page == "index.html":
        return ""
    if page.endswith("/index.html"):
        return page[: -len("index.html")]
    return page


def resolve(output: Path, page: str, reference: str, site_root: str = "") -> tuple[str | None, str]:
    """The file inside `output` that `reference` (an href or src on `page`) points to, and its fragment.

    Returns (None, fragment) for links that leave the site or are not files (mailto:, tel:, other hosts).
    Returns (path, fragment) for site links, where path may not exist; a directory means its index.html.
    """
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return None, ""
    fragment = unquote(parts.fragment)
    path = unquote(parts.path)
    if not path:
        return page, fragment
    if path.startswith("/"):
        # Root-relative: served from the site root, which may be a sub-folder of the host (SITE_ROOT).
        if site_root and (path == site_root or path.startswith(site_root + "/")):
            path = path[len(site_root):]
        target = path.lstrip("/")
    else:
        target = posixpath.join(posixpath.dirname(page), path)
    trailing = target.endswith("/") or target == ""
    target = posixpath.normpath(target) if target else "."
    if target.startswith(".."):
        return target, fragment
    if target == ".":
        target = ""
    if trailing or (output / target).is_dir():
        target = posixpath.join(target, "index.html") if target else "index.html"
    return target, fragment


def is_other_host(reference: str, local_hosts: tuple[str, ...] = ()) -> bool:
    """True when `reference` makes the browser contact a host other than the site's own."""
    parts = urlsplit(reference.strip())
    if parts.scheme in ("data", "blob", "about", "javascript", "mailto", "tel", "sms"):
        return False
    if not parts.netloc:
        return False
    return parts.netloc not in local_hosts
