"""The one table of Markdown metadata keys: what each means, an example, and where it may be used.

The organizer docs' fields table (docs/organizers/fields.md) is checked against this table by the tests, so the two never drift.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str  # as organizers write it, e.g. "Date"
    meaning: str
    example: str
    kinds: frozenset[str]


ALL = frozenset({"page", "update"})
UPDATES = frozenset({"update"})

_FIELDS = [
    Field("Title", "The page's heading and the name in lists and search results. Required.", "HEART now covers all of Durham", ALL),
    Field("Date", "When the update was published, in Durham time.", "2023-10-23 or 2023-10-23 09:30", UPDATES),
    Field("Modified", "When you last changed the update in a way readers should know about.", "2023-10-24", UPDATES),
    Field("Date_precision", "How exact the date is, when the source does not give the day: day, month, season or year.", "season", UPDATES),
    Field("Slug", "The last part of the page's address. Made from the title when left out.", "heart-goes-citywide", ALL),
    Field("Status", "published (the default), draft (not on the site) or hidden (on the site, not in lists).", "draft", ALL),
    Field("Summary", "One or two sentences shown in lists, link previews and search engines.", "HEART now answers calls in every part of the city.", ALL),
    Field("Tags", "Topics, separated by commas.", "budget, city council", UPDATES),
    Field("Category", "One group the update belongs to.", "News", UPDATES),
    Field("Source", "Address of the original story or document an update is based on.", "https://www.durhamnc.gov/4576", UPDATES),
    Field("Source_name", "Name of that source, as readers know it.", "City of Durham", UPDATES),
    Field("Example", "yes marks demo content: it shows an Example label and is never published.", "yes", ALL),
    Field("Lang", "Language of the page: en or es.", "es", ALL),
    Field("Translation", "true when this file is a translation of another with the same slug.", "true", ALL),
    Field("Template", "A special page layout from the theme. Leave out for the normal layout.", "page", ALL),
    Field("Save_as", "Where the page is written in the built site. Only for special pages.", "privacy/index.html", ALL),
    Field("Url", "The page's address when Save_as is used.", "privacy/", ALL),
    Field("Order", "Position in the menu, lowest first.", "2", frozenset({"page"})),
    Field("Authors", "Who wrote it, separated by commas.", "Have a HEART Durham", UPDATES),
]

FIELDS: dict[str, Field] = {field.name.lower(): field for field in _FIELDS}

STATUSES = ("published", "draft", "hidden")
DATE_PRECISIONS = ("day", "month", "season", "year")

# Content folders and the kind of content each holds. Other plugins add theirs (events, meetings).
KINDS: dict[str, str] = {"pages": "page", "updates": "update"}
# Kinds whose Status means something else (an event is scheduled, cancelled or postponed); the
# plugin that owns the kind checks its values, so the publishing statuses above are not enforced.
OWN_STATUS_KINDS: set[str] = set()
# Kinds whose address comes from the file name, not the title (a printed link must survive a title fix).
FILENAME_SLUG_KINDS: set[str] = set()


def register_field(field: Field) -> None:
    """Let another plugin add keys for its own kind of content (for example event start times)."""
    FIELDS[field.name.lower()] = field


def register_kind(folder: str, kind: str, own_status: bool = False, slug_from_filename: bool = False) -> None:
    KINDS[folder] = kind
    if own_status:
        OWN_STATUS_KINDS.add(kind)
    if slug_from_filename:
        FILENAME_SLUG_KINDS.add(kind)
