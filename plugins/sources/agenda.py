"""Agenda items: the `AgendaItem` record and the parsers that read items from each meeting source. Pure: no I/O.

Where items come from (the fetching is in `sources.adapters.meetings`, through the shared HTTP client):

- Legistar: `/v1/{client}/events/{EventId}/eventitems?AgendaNote=1&MinutesNote=1&Attachments=1`, one row per item
  in `EventItemAgendaSequence` order (`parse_legistar_items`);
- CivicPlus AgendaCenter: the HTML agenda view where the city publishes one (`parse_agenda_html`), else the text
  of the agenda PDF (`pdf_pages` with size and page limits, then `parse_agenda_text`);
- iCalendar: a numbered list in the event's DESCRIPTION (`parse_agenda_text`);
- organizers: `Agenda_items:` in content/meetings/*.md (`parse_organizer_items`).

Every item keeps the agenda's own words (its title is never rewritten, only its spaces), its number, matter type,
file number and its own link: the item's page on Legistar, its link in the HTML agenda, or the agenda PDF opened
at the item's page (`#page=N`, which PDF viewers honour). Links pass the one link policy (`sources.links`) when
they are read and again when a snapshot is loaded, or are dropped.

Raises AgendaError (plain words for organizers) for a payload that cannot be read.
"""

from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass, replace
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .links import web_link


def safe_web_address(value) -> str:
    """The link policy (sources.links) for one link: the cleaned address, or "" when refused."""
    return web_link(value if isinstance(value, str) else "") or ""

TITLE_CHARACTERS = 600
MAX_ITEMS = 400  # per meeting; a longer "agenda" is a packet or a parsing mistake
MAX_PDF_BYTES = 15_000_000
MAX_PDF_PAGES = 40  # agenda items are at the front; a packet's hundreds of attachment pages are not read
MAX_TEXT_CHARACTERS = 400_000


class AgendaError(Exception):
    """An agenda could not be read; str() says why, in plain words."""


@dataclass(frozen=True)
class AgendaItem:
    number: str = ""  # "12", "7a"; "" when the agenda gives none
    title: str = ""  # the agenda's own words
    matter_type: str = ""  # "Public Hearing", "Consent", "Presentation"... or the agenda section it is under
    file_number: str = ""  # "23-0412"
    url: str = ""  # the item's own link, or "" (then the official agenda is the link)
    note: str = ""  # the agenda's note on the item (Legistar AgendaNote)
    public_hearing: bool = False
    consent: bool = False
    source: str = ""  # legistar, agendacenter-html, agendacenter-pdf, icalendar, markdown
    first_seen: str = ""  # when a refresh first saw this item (UTC, ISO 8601); kept across refreshes

    @property
    def key(self) -> tuple[str, str]:
        """What makes two fetches the same item: its number and words."""
        return (self.number, " ".join(self.title.split()).casefold())

    def to_dict(self) -> dict:
        return {name: value for name, value in asdict(self).items() if value not in ("", False)}

    @classmethod
    def from_dict(cls, data: dict) -> "AgendaItem":
        """Raises TypeError or ValueError for a malformed entry."""
        if not isinstance(data, dict) or not isinstance(data.get("title", ""), str):
            raise ValueError("an agenda item is not a table with a title")
        # Again at build time: a snapshot edited by hand never puts a script link on a page.
        return cls(**{**data, "url": safe_web_address(data.get("url", ""))})


def _clean(text) -> str:
    return " ".join(str(text or "").split())


def _cut(text: str, limit: int = TITLE_CHARACTERS) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.-") + "…"


def _number(value) -> str:
    """"12." -> "12"; "7.a" -> "7.a"; None -> ""."""
    return _clean(value).rstrip(".):").strip()


def _whole(value) -> int:
    """A row's sequence number for sorting; anything that is not a whole number sorts last."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 1 << 62


def _is_public_hearing(*texts: str) -> bool:
    return any(re.search(r"\bpublic\s+hearings?\b", text or "", re.IGNORECASE) for text in texts)


def _is_consent(*texts: str) -> bool:
    return any(re.search(r"\bconsent\b", text or "", re.IGNORECASE) for text in texts)


# ---------------------------------------------------------------- Legistar


def legistar_items_url(events_url: str, event_id: int) -> str:
    return f"{events_url.rstrip('/')}/{event_id}/eventitems?AgendaNote=1&MinutesNote=1&Attachments=1"


def parse_legistar_items(rows, *, details_url: str = "") -> list[AgendaItem]:
    """Items from a Legistar eventitems answer. `details_url` (the meeting's InSite page) gives the host for each
    item's legislation page. Raises AgendaError when the answer is not a list of items."""
    if not isinstance(rows, list):
        message = rows.get("Message") if isinstance(rows, dict) else None
        raise AgendaError("the agenda items answer is not a list" + (f": {message}" if message else ""))
    host = urlsplit(details_url).netloc if safe_web_address(details_url) else ""
    items = []
    for row in sorted((row for row in rows if isinstance(row, dict)),
                      key=lambda row: (_whole(row.get("EventItemAgendaSequence")), _whole(row.get("EventItemId")))):
        title = _clean(row.get("EventItemTitle")) or _clean(row.get("EventItemMatterName"))
        if not title:
            continue
        matter_type = _clean(row.get("EventItemMatterType"))
        url = ""
        matter_id, guid = row.get("EventItemMatterId"), _clean(row.get("EventItemMatterGuid"))
        if host and isinstance(matter_id, int):
            # Legistar's public page for a piece of legislation, on the same InSite host as the meeting's page.
            url = f"https://{host}/LegislationDetail.aspx?ID={matter_id}" + (f"&GUID={guid}" if guid else "")
        if not url:
            for attachment in row.get("EventItemMatterAttachments") or []:
                if isinstance(attachment, dict) and safe_web_address(attachment.get("MatterAttachmentHyperlink")):
                    url = attachment["MatterAttachmentHyperlink"]
                    break
        note = _clean(row.get("EventItemAgendaNote"))
        consent = bool(row.get("EventItemConsent")) or _is_consent(matter_type)
        items.append(AgendaItem(
            number=_number(row.get("EventItemAgendaNumber")), title=_cut(title), matter_type=matter_type,
            file_number=_clean(row.get("EventItemMatterFile")), url=safe_web_address(url), note=_cut(note),
            public_hearing=_is_public_hearing(matter_type, title), consent=consent, source="legistar"))
    return items[:MAX_ITEMS]


# ---------------------------------------------------------------- agenda text (PDF, HTML view, DESCRIPTION)

# "12.", "12)", "7.a.", "Item 12:"; four-digit numbers are years, not items.
# After the number: ".", ")", ":" or a dash ("Item 12 Budget" needs the word Item); the words start with no digit.
_ITEM = re.compile(r"^(?P<item>item\s+)?(?P<number>\d{1,3}(?:\.\d{1,2}|\.?[a-z])?)(?:[.):]\s*|\s+[-–—]\s+|(?(item)\s+|(?!)))"
                   r"(?P<rest>[^\d\s].*)?$", re.IGNORECASE)
_LONE_NUMBER = re.compile(r"^(?:item\s+)?\d{1,3}(?:\.\d{1,2}|\.?[a-z])?[.):]?$", re.IGNORECASE)
# Section headings: "V. PUBLIC HEARINGS", "CONSENT AGENDA", "B. Presentations" (roman numeral or letter).
_SECTION = re.compile(r"^(?:(?:[IVXL]{1,5}|[A-Z])[.)]\s+)(?P<name>[A-Za-z].*)$")
_FILE = re.compile(r"\b(?:file|matter|legistar|item\s+id)\s*(?:#|no\.?|number)?\s*:?\s*(?P<file>[A-Z]{0,4}\d{2,4}-\d{2,6})\b",
                   re.IGNORECASE)
_NOISE = re.compile(r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+)$", re.IGNORECASE)


def _section_name(line: str) -> str:
    match = _SECTION.match(line)
    if match and len(line) <= 80 and not _ITEM.match(line):
        return _clean(match["name"])
    letters = [char for char in line if char.isalpha()]
    if len(letters) >= 6 and all(char.isupper() for char in letters) and len(line) <= 80 and not _ITEM.match(line):
        return _clean(line)
    return ""


@dataclass
class _Draft:
    number: str
    words: list
    section: str
    page: int
    link: str


def parse_agenda_text(pages: list[str], *, url: str = "", source: str = "", page_links: bool = False,
                      links: dict[int, list[str]] | None = None) -> list[AgendaItem]:
    """Numbered items from agenda text, one string per page. Headings ("PUBLIC HEARINGS", "V. Consent Agenda")
    become the matter type of the items under them; lines after an item's first line continue its title.

    `page_links`: link each item to `url#page=N` (a PDF). `links`: {line index: [addresses]} found on each line of
    an HTML agenda (lines counted over all pages), the first of which becomes the item's link.
    """
    drafts: list[_Draft] = []
    section, current, pending_number = "", None, None
    line_index = -1
    for page_number, page in enumerate(pages, 1):
        for raw in page.splitlines():
            line_index += 1
            line = _clean(raw)
            if not line:
                current = None if current and current.words else current
                continue
            if _NOISE.match(line):
                continue
            if pending_number is not None:
                line, pending_number = f"{pending_number}. {line}", None
            if _LONE_NUMBER.match(line):
                pending_number = line.rstrip(".):")
                continue
            match = _ITEM.match(line)
            if match:
                current = _Draft(match["number"].rstrip(".").replace("..", "."), [match["rest"] or ""], section,
                                 page_number, "")
                drafts.append(current)
            else:
                heading = _section_name(line)
                if heading:
                    section, current = heading, None
                    continue
                if current is None:
                    continue
                current.words.append(line)
            if current is not None and not current.link and links:
                current.link = next(iter(links.get(line_index, [])), "")
            if len(drafts) > MAX_ITEMS:
                break
    items = []
    for draft in drafts[:MAX_ITEMS]:
        text = _clean(" ".join(draft.words))
        file_match = _FILE.search(text)
        file_number = file_match["file"] if file_match else ""
        if file_match:
            text = _clean((text[:file_match.start()] + text[file_match.end():]).strip(" ;,()[]"))
        if not text:
            continue
        link = draft.link or (f"{url}#page={draft.page}" if page_links and url else "")
        items.append(AgendaItem(
            number=draft.number, title=_cut(text), matter_type=draft.section, file_number=file_number,
            url=safe_web_address(link), public_hearing=_is_public_hearing(draft.section, text),
            consent=_is_consent(draft.section), source=source))
    return items


def pdf_pages(body: bytes, *, max_bytes: int = MAX_PDF_BYTES, max_pages: int = MAX_PDF_PAGES) -> list[str]:
    """The text of the first `max_pages` pages of a PDF, read with pypdf. Raises AgendaError when it cannot be read."""
    if len(body) > max_bytes:
        raise AgendaError(f"the agenda PDF is {len(body):,} bytes, more than the limit of {max_bytes:,}")
    if not body.lstrip()[:5].startswith(b"%PDF"):
        raise AgendaError("the agenda is not a PDF file (it does not start with %PDF)")
    from pypdf import PdfReader  # imported here: only refreshes that read PDF agendas need it

    try:
        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            raise AgendaError("the agenda PDF is encrypted")
        pages, total = [], 0
        for page in reader.pages[:max_pages]:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARACTERS:
                break
            pages.append(text)
    except AgendaError:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds on a damaged file; all mean "unreadable"
        raise AgendaError(f"the agenda PDF could not be read ({error.__class__.__name__})") from None
    if not any(page.strip() for page in pages):
        raise AgendaError("the agenda PDF has no text (a scanned image?)")
    return pages


_BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "br", "table", "section", "article",
           "ul", "ol", "dt", "dd", "blockquote", "header", "footer"}
_SKIP = {"script", "style", "head", "title", "noscript", "template"}


class _AgendaHTML(HTMLParser):
    """Turns an HTML agenda into lines of text, remembering the links on each line."""

    def __init__(self, base_url: str):
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.lines: list[str] = [""]
        self.links: dict[int, list[str]] = {}
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.lines.append("")
        elif tag == "td" or tag == "th":
            self.lines[-1] += " "
        if tag == "a":
            href = dict(attrs).get("href") or ""
            try:
                link = safe_web_address(urljoin(self.base_url, href.strip())) if href.strip() else ""
            except ValueError:  # urljoin refuses some malformed addresses ("http://[")
                link = ""
            if link:
                self.links.setdefault(len(self.lines) - 1, []).append(link)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.lines.append("")

    def handle_data(self, data):
        if not self.skipping:
            self.lines[-1] += data.replace("\n", " ")


def parse_agenda_html(html: bytes | str, *, url: str) -> list[AgendaItem]:
    """Items from an HTML agenda page (AgendaCenter's HTML view). Raises AgendaError for a page with no items."""
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    if len(text) > MAX_TEXT_CHARACTERS * 4:
        raise AgendaError("the HTML agenda is too large to be an agenda")
    parser = _AgendaHTML(url)
    parser.feed(text)
    parser.close()
    # Blank lines separate blocks; keep the line numbering the links were recorded with.
    items = parse_agenda_text(["\n".join(parser.lines)], url=url, source="agendacenter-html", links=parser.links)
    if not items:
        raise AgendaError("the HTML agenda has no numbered items; the page layout may have changed")
    return items


def parse_organizer_items(entries, *, url: str = "") -> list[AgendaItem]:
    """`Agenda_items: Item 12: budget hearing; Item 14: staffing` as items, numbered when the organizer says so."""
    items = []
    for entry in entries:
        match = re.match(r"^\s*(?:item\s+)?(\d{1,3}(?:\.\d{1,2}|\.?[a-z])?)\s*[.:)\-–—]\s*(.+)$", entry, re.IGNORECASE)
        number, title = (match[1], match[2]) if match else ("", entry)
        if _clean(title):
            items.append(AgendaItem(number=number, title=_cut(_clean(title)), url=safe_web_address(url),
                                    public_hearing=_is_public_hearing(title), source="markdown"))
    return items


def keep_first_seen(items: list[AgendaItem], before: list[AgendaItem], now: str) -> list[AgendaItem]:
    """Each item keeps the time it was first seen; an item new in this refresh is dated `now`.

    So a refresh that finds the same agenda writes the same records (no snapshot churn), and the site can say
    when an item first appeared (one feed entry per newly matched meeting).
    """
    seen = {item.key: item.first_seen for item in before if item.first_seen}
    return [replace(item, first_seen=seen.get(item.key) or now) for item in items]
