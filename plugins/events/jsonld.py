"""schema.org Event data for search engines and link previews: https://schema.org/Event. Pure."""

from __future__ import annotations

import json

from .model import Event

_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}


def event_jsonld(event: Event, url: str, description: str, organizer_name: str, organizer_url: str) -> dict:
    """The Event as a JSON-LD dict. An approximate date gets no startDate: a guessed day would be invented."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "eventStatus": _STATUS.get(event.status, _STATUS["scheduled"]),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "Organization", "name": organizer_name, "url": organizer_url},
    }
    if description:
        data["description"] = description
    if event.exact:
        data["startDate"] = event.start.isoformat()
        data["endDate"] = event.end.isoformat()
    if event.location or event.address:
        place = {"@type": "Place", "name": event.location or event.address}
        if event.address:
            place["address"] = event.address
        data["location"] = place
    return data


def script_json(data: dict) -> str:
    """JSON that is safe inside <script>: a "</script>" in a title cannot end the element."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
