"""Links that open a ready-to-send email: mailto (RFC 6068), Gmail and Outlook on the web. Pure functions.

RFC 6068 section 2: every header value is percent-encoded UTF-8; a space is %20 (a "+" would reach the reader as a
plus sign), and a line break in the body is %0D%0A. `quote(text, safe="")` does exactly that, unlike
`quote_plus` or `urlencode`'s defaults.
"""

from __future__ import annotations

from urllib.parse import quote

# Mail apps and browsers cut or refuse longer mailto links; defund12 saw Outlook and AOL fail above this.
SAFE_LENGTH = 2000


def _value(text: str) -> str:
    return quote(text, safe="")


def crlf(text: str) -> str:
    """Normalize line breaks to CRLF, as RFC 6068 section 5 asks for bodies."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def _address_list(addresses) -> str:
    # "@" may stay as it is in the to-part (RFC 6068 section 2, addr-spec); everything else is encoded.
    return ",".join(quote(address, safe="@") for address in addresses)


def mailto(to=(), subject: str = "", body: str = "", cc=(), bcc=()) -> str:
    """A `mailto:` URI. Addresses in `to` go before the "?", the rest are header fields."""
    fields = []
    if cc:
        fields.append(f"cc={_address_list(cc)}")
    if bcc:
        fields.append(f"bcc={_address_list(bcc)}")
    if subject:
        fields.append(f"subject={_value(subject)}")
    if body:
        fields.append(f"body={_value(crlf(body))}")
    return f"mailto:{_address_list(to)}" + (f"?{'&'.join(fields)}" if fields else "")


def gmail(to=(), subject: str = "", body: str = "", cc=(), bcc=()) -> str:
    """Gmail's web compose window (`su` is its name for the subject)."""
    fields = [("view", "cm"), ("fs", "1")]
    for name, addresses in (("to", to), ("cc", cc), ("bcc", bcc)):
        if addresses:
            fields.append((name, ",".join(addresses)))
    fields += [("su", subject), ("body", body)]
    return "https://mail.google.com/mail/?" + "&".join(f"{name}={_value(value)}" for name, value in fields if value)


def outlook(to=(), subject: str = "", body: str = "", cc=(), bcc=(), host: str = "outlook.live.com") -> str:
    """Outlook on the web: outlook.live.com for personal accounts, outlook.office.com for work or school."""
    fields = []
    for name, addresses in (("to", to), ("cc", cc), ("bcc", bcc)):
        if addresses:
            fields.append((name, ",".join(addresses)))
    fields += [("subject", subject), ("body", body)]
    return f"https://{host}/mail/deeplink/compose?" + "&".join(f"{name}={_value(value)}" for name, value in fields if value)


def compose_links(to, subject: str, body: str, cc=(), bcc=(), max_length: int = SAFE_LENGTH) -> dict:
    """Every way to start this email, and whether each fits within `max_length` characters."""
    links = {
        "mailto": mailto(to, subject, body, cc, bcc),
        "gmail": gmail(to, subject, body, cc, bcc),
        "outlook": outlook(to, subject, body, cc, bcc),
        "outlook_work": outlook(to, subject, body, cc, bcc, host="outlook.office.com"),
        # When the full link is too long, this one still fills in the addresses and the subject.
        "mailto_short": mailto(to, subject, "", cc, bcc),
    }
    return {"links": links, "fits": {name: len(href) <= max_length for name, href in links.items()},
            "max_length": max_length}
