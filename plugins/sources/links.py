"""The one link policy: is this a safe, absolute http(s) web address? Every link that comes from a source or an
organizer goes through here, when a snapshot is written and again when a page is built. Pure; imports nothing
of Pelican or of another plugin.

Interface:

    web_link("https://example.org/a b")   -> "https://example.org/a%20b"   (cleaned), or None when refused
    check_link("java\\tscript:alert(1)")   -> raises LinkProblem("... is not an http(s) address ...")
    is_web_address(value)                 -> bool
    mask_credentials("https://TOKEN@github.com/x")  -> "https://***@github.com/x"  (for anything printed or logged)

The rule, in the order it is applied:
1. Control characters (tab, newline, NUL, zero-width and other invisible format characters) are removed
   anywhere in the string, and whitespace at both ends: browsers drop tabs and newlines anywhere in a URL
   (WHATWG URL standard, "remove all ASCII tab or newline"), so "java<TAB>script:" is "javascript:".
2. With all whitespace removed as well, the address must start with http:// or https://. Every other scheme
   (javascript:, data:, vbscript:, file:, mailto:, ...) and every relative or scheme-relative link is refused.
   Adapters resolve a source's relative links against the page they came from before they call this.
3. It must have a host, with no space, quote or angle bracket in it ("https://www.city hall.gov" is a typo).
4. Quotes, angle brackets, backslashes, spaces and non-ASCII characters in the path, query and fragment are
   percent-encoded (as browsers do), so a link can never end an HTML attribute early; existing %-escapes stay.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

# Characters left as they are in a link's path, query and fragment; "%" keeps existing escapes.
URL_SAFE = "/%:@!$&'()*+,;=-._~?"
_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_HOST_SAFE = re.compile(r"^[^\s\"'<>`\\{}|^]+$")


class LinkProblem(ValueError):
    """A value is not a safe absolute http(s) address. str() says why, in plain words, without the value."""


def strip_controls(value: str) -> str:
    """`value` without control or invisible format characters anywhere, and without whitespace at either end."""
    # Cc: C0/C1 controls (tab, newline, NUL...); Cf: invisible format characters (zero-width space, BOM...).
    return "".join(char for char in value if unicodedata.category(char) not in ("Cc", "Cf")).strip()


def check_link(value: str | None) -> str:
    """Return the cleaned absolute http(s) address. Raises LinkProblem saying what is wrong (also for "")."""
    text = strip_controls(value if isinstance(value, str) else "")
    if not text:
        raise LinkProblem("is empty")
    if not _SCHEME.match("".join(text.split())):
        raise LinkProblem("is not a web address: it must start with https:// (or http://)")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise LinkProblem("is not a web address: its host or port cannot be read") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise LinkProblem("is not a web address: it must start with https:// (or http://) with no space in it")
    if not host or not _HOST_SAFE.match(parts.netloc):
        raise LinkProblem("is not a web address: it has no host name, or a space or quote in the host name")
    path, query, fragment = (quote(part, safe=URL_SAFE) for part in (parts.path, parts.query, parts.fragment))
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, query, fragment))


def web_link(value: str | None) -> str | None:
    """The cleaned absolute http(s) address, or None when `value` is empty or not a safe web address."""
    try:
        return check_link(value)
    except LinkProblem:
        return None


_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"<>]+@")


def mask_credentials(text: str) -> str:
    """`text` with the user part of every address hidden: "https://TOKEN@github.com/x" -> "https://***@github.com/x".

    For every address printed or logged (publishing remotes, source URLs, git's own messages): a token or password
    written into an address must never reach a terminal, a CI log or a report.
    """
    return _CREDENTIALS.sub(r"\1***@", text)


def is_web_address(value: str | None) -> bool:
    """True when `value` passes the link policy (see the module docstring)."""
    return web_link(value) is not None
