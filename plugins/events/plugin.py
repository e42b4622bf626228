"""Pelican wiring for events: register the Markdown keys, check every event file at build start, add the generator."""

from __future__ import annotations

import re
from pathlib import Path

from pelican import signals

from content_checks.plugin import register_check
from content_checks.problems import Problem

from .fields import register_fields
from .generator import EventsGenerator, event_files, read_event

DEFAULTS = {
    "EVENTS_URL": "events/",
    "EVENTS_PAST_URL": "events/past/",
    "EVENTS_ICS_SAVE_AS": "events.ics",
    "EVENTS_UID_DOMAIN": "",
}


def apply_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    # Flyers are for printing, marked noindex: keep them out of the sitemap too.
    sitemap = pelican.settings.get("SITEMAP")
    if isinstance(sitemap, dict):
        # A language edition's flyers live under its folder (es/events/.../flyer/): same rule, any edition.
        flyers = "^(?:[a-z]{2}/)?" + re.escape(pelican.settings["EVENTS_URL"]) + "[^/]+/flyer/"
        sitemap["exclude"] = [*sitemap.get("exclude", []), flyers]


def check_events(settings) -> list[Problem]:
    """Every problem in every event file, so organizers fix them in one go."""
    problems: list[Problem] = []
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    content_root = Path(settings["PATH"])
    for path in event_files(content_root):
        try:
            problems += read_event(path, content_root, settings)[1]
        except UnicodeDecodeError:
            continue  # content_checks reports files that are not UTF-8; two files with one slug too
    return problems


def get_generators(_pelican):
    return EventsGenerator


def register():
    register_fields()
    register_check(check_events)
    signals.initialized.connect(apply_defaults)
    signals.get_generators.connect(get_generators)
