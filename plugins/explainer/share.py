"""Share links: plain addresses that open a mail, text or social app. No scripts, nothing loads until clicked."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class ShareLink:
    kind: str  # the theme shows a translated name for each kind
    href: str


def _q(text: str) -> str:
    # RFC 6068: spaces as %20, never "+" (mail apps show a "+" as a plus sign).
    return quote(text, safe="")


def share_links(url: str, title: str, text: str) -> list[ShareLink]:
    """Links that share `url`; `text` is the one-line message sent with it."""
    message = f"{text} {url}"
    return [
        ShareLink("email", f"mailto:?subject={_q(title)}&body={_q(message)}"),
        ShareLink("sms", f"sms:?&body={_q(message)}"),
        ShareLink("bluesky", f"https://bsky.app/intent/compose?text={_q(message)}"),
        ShareLink("facebook", f"https://www.facebook.com/sharer/sharer.php?u={_q(url)}"),
        ShareLink("x", f"https://twitter.com/intent/tweet?text={_q(text)}&url={_q(url)}"),
    ]
