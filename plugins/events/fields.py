"""The Markdown keys of an event file, registered with the shared content checks.

The fields table in docs/organizers/fields.md is checked against EVENT_FIELDS by the tests.
"""

from __future__ import annotations

from content_checks import fields as shared
from content_checks.fields import Field

KIND = "event"
FOLDER = "events"
_EVENT = frozenset({KIND})
# Closed set; "canceled" is the US spelling many people type, so it means the same (model.py).
EVENT_STATUSES = ("scheduled", "cancelled", "postponed", "draft")
START_EXAMPLE = "Write it like: Start: 2023-05-01 18:00"
END_EXAMPLE = "Write it like: End: 2023-05-01 20:00, or only the time: End: 20:00"

EVENT_FIELDS = [
    Field("Start", "When the event starts, in the campaign's time zone (24-hour clock). Required.", "2023-05-01 18:00", _EVENT,
          form="datetime", missing=START_EXAMPLE),
    Field("End", "When it ends: a date and time, or only a time on the same day. Required unless the date is approximate.",
          "20:00", _EVENT, form="datetime", missing=END_EXAMPLE),
    Field("Timezone", "Only for events outside the campaign's time zone: a name from the tz database.", "America/Chicago", _EVENT),
    Field("Location", "The name of the place.", "City Hall", _EVENT),
    Field("Address", "Street address, so people and map apps can find it.", "100 Main Street, Room 2", _EVENT),
    Field("Map", "Optional link to a map of the place (a link only; the site never embeds a map).",
          "https://www.openstreetmap.org/search?query=100%20Main%20Street", _EVENT, form="address"),
    Field("Step_free", "yes or no: can people get in and around without steps?", "yes", _EVENT, form="yesno"),
    Field("ASL", "yes or no: American Sign Language interpretation.", "yes", _EVENT, form="yesno"),
    Field("Spanish", "yes or no: Spanish interpretation.", "no", _EVENT, form="yesno"),
    Field("Childcare", "yes or no: childcare on site.", "yes", _EVENT, form="yesno"),
    Field("Accessibility", "Anything else about access: seating, restrooms, parking, the nearest bus stop.",
          "Chairs in the shade. Bus stop on Mangum St.", _EVENT, form="text"),
    Field("Bring", "What to bring.", "Water, a sign, a friend", _EVENT),
    Field("Rsvp", "Web address where people sign up (starts with https://).", "https://example.org/rsvp", _EVENT, form="address"),
    Field("Contact", "How to reach the organizer: an email address, a phone number or both (they become links).",
          "organizer@example.org", _EVENT),
    Field("Status_note", "A sentence for people when the event is cancelled or postponed.",
          "Postponed because of the storm. New date soon.", _EVENT, form="text"),
]

# Keys that pages and updates already use. For an event, Status is scheduled (the default), cancelled,
# postponed or draft; the events plugin checks it (EVENT_STATUSES in model.py).
SHARED_KEYS = ("Title", "Slug", "Summary", "Example", "Lang", "Translation_status", "Date_precision", "Source", "Source_name",
               "Status")


def register_fields() -> None:
    """Add the event folder and keys to the shared checks, so typos get a "Did you mean" suggestion."""
    shared.register_kind(FOLDER, KIND, own_status=True, slug_from_filename=True, required=("Start", "End"),
                         statuses=EVENT_STATUSES)
    for field in EVENT_FIELDS:
        shared.register_field(field)
    for name in SHARED_KEYS:
        shared.widen(name, _EVENT)
