"""The one table of Markdown metadata keys: what each means, an example, where it may be used, which kinds
need it, and how its value is written.

The organizer docs' fields table (docs/organizers/fields.md) is checked against this table by the tests, and the
browser editor's form (plugins/editor) is generated from it, so the three never drift.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Field:
    name: str  # as organizers write it, e.g. "Date"
    meaning: str
    example: str
    kinds: frozenset[str]
    # How the value is written, for the editor's form: line, text (a long line), date (2023-05-01),
    # datetime (2023-05-01 18:00), yesno, choice (one of `choices`), address (https://...), number, or
    # lines (the key written once per value, on its own line).
    form: str = "line"
    choices: tuple[str, ...] = ()
    # How to fix the file when this field is required and left out: the build's words, shown by the editor too.
    missing: str = ""


ALL = frozenset({"page", "update"})
UPDATES = frozenset({"update"})

STATUSES = ("published", "draft", "hidden")
DATE_PRECISIONS = ("day", "month", "season", "year")
TITLE_MISSING = "Add a first line like: Title: The council votes on the budget"
DATE_EXAMPLE = "Write it like 2023-05-01, or 2023-05-01 18:30 with a time."

_FIELDS = [
    Field("Title", "The page's heading and the name in lists and search results. Required.", "The council votes on the budget", ALL,
          missing=TITLE_MISSING),
    Field("Date", "When the update was published, in the campaign's time zone.", "2023-10-23 or 2023-10-23 09:30", UPDATES,
          form="date", missing=DATE_EXAMPLE),
    Field("Modified", "When you last changed the update in a way readers should know about.", "2023-10-24", UPDATES, form="date"),
    Field("Date_precision", "How exact the date is, when the source does not give the day: day, month, season or year.", "season", UPDATES,
          form="choice", choices=DATE_PRECISIONS),
    Field("Slug", "The last part of the page's address. Made from the title when left out.", "heart-goes-citywide", ALL),
    Field("Status", "published (the default), draft (not on the site) or hidden (on the site, not in lists).", "draft", ALL, form="choice",
          choices=STATUSES),
    Field("Summary", "One or two sentences shown in lists, link previews and search engines.", "The council will vote on the budget on June 16.", ALL,
          form="text"),
    Field("Tags", "Topics, separated by commas.", "budget, city council", UPDATES),
    Field("Category", "One group the update belongs to.", "News", UPDATES),
    Field("Source", "Address of the original story or document an update is based on.", "https://www.example.gov/news/budget", UPDATES,
          form="address"),
    Field("Source_name", "Name of that source, as readers know it.", "City news", UPDATES),
    Field("Example", "yes marks demo content: it shows an Example label and is never published.", "yes", ALL, form="yesno"),
    Field("Lang", "Language of the page: en (the default) or es. A file with the same Slug and another Lang is its translation.", "es", ALL,
          form="choice", choices=("en", "es")),
    Field("Translation", "Not needed: files with the same Slug and different Lang are translations of each other. Leave it out.", "true", ALL,
          form="choice", choices=("true", "false")),
    Field("Translation_status", "needs review while a translation waits for a second reader; the build report lists it.", "needs review", ALL),
    Field("Template", "A special page layout from the theme. Leave out for the normal layout.", "page", ALL),
    Field("Save_as", "Where the page is written in the built site. Only for special pages.", "privacy/index.html", ALL),
    Field("Url", "The page's address when Save_as is used.", "privacy/", ALL),
    Field("Order", "Position in the menu, lowest first.", "2", frozenset({"page"}), form="number"),
    Field("Authors", "Who wrote it, separated by commas.", "Our campaign", UPDATES),
]

FIELDS: dict[str, Field] = {field.name.lower(): field for field in _FIELDS}

# Content folders and the kind of content each holds. Other plugins add theirs (events, meetings).
KINDS: dict[str, str] = {"pages": "page", "updates": "update"}
# Kinds whose Status means something else (an event is scheduled, cancelled or postponed); the
# plugin that owns the kind checks its values, so the publishing statuses above are not enforced.
OWN_STATUS_KINDS: set[str] = set()
# Kinds whose address comes from the file name, not the title (a printed link must survive a title fix).
FILENAME_SLUG_KINDS: set[str] = set()
# Fields every file of a kind must have, besides Title (which every kind needs); the build refuses a file
# without them, and the editor will not save one.
REQUIRED: dict[str, tuple[str, ...]] = {"page": (), "update": ("Date",)}
# The statuses of kinds that have their own (OWN_STATUS_KINDS); others use STATUSES.
KIND_STATUSES: dict[str, tuple[str, ...]] = {}


def register_field(field: Field) -> None:
    """Let another plugin add keys for its own kind of content (for example event start times)."""
    FIELDS[field.name.lower()] = field


def widen(name: str, kinds) -> None:
    """Let a known key be used in more kinds of content, keeping everything else the table says about it."""
    existing = FIELDS[name.lower()]
    FIELDS[name.lower()] = replace(existing, kinds=existing.kinds | frozenset(kinds))


def register_kind(folder: str, kind: str, own_status: bool = False, slug_from_filename: bool = False,
                  required: tuple[str, ...] = (), statuses: tuple[str, ...] = ()) -> None:
    """Add a content folder and its kind; `required` names the fields (besides Title) its files must have."""
    KINDS[folder] = kind
    REQUIRED[kind] = tuple(required)
    if own_status:
        OWN_STATUS_KINDS.add(kind)
        if statuses:
            KIND_STATUSES[kind] = tuple(statuses)
    if slug_from_filename:
        FILENAME_SLUG_KINDS.add(kind)


def is_required(name: str, kind: str) -> bool:
    return name.lower() == "title" or name.lower() in {key.lower() for key in REQUIRED.get(kind, ())}


def statuses_for(kind: str) -> tuple[str, ...]:
    return KIND_STATUSES.get(kind, STATUSES) if kind in OWN_STATUS_KINDS else STATUSES
