"""Which content is demo content ("Example: yes"), the one rule every plugin shares."""

from __future__ import annotations

EXAMPLE_VALUES = ("yes", "true")


def is_example(value) -> bool:
    """True when a metadata or data value marks demo content (`yes`, `true` or a true boolean)."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in EXAMPLE_VALUES


def show_examples(settings) -> bool:
    """False for the published build (publishconf.py sets SHOW_EXAMPLES = False)."""
    return bool(settings.get("SHOW_EXAMPLES", True))
