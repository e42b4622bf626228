"""Whether this build shows demo content. Which content is demo content is the one Example rule, sources.examples."""

from __future__ import annotations

from sources.examples import EXAMPLE_VALUES, is_example  # noqa: F401  (re-exported for the publishing code)


def show_examples(settings) -> bool:
    """False for the published build (publishconf.py sets SHOW_EXAMPLES = False)."""
    return bool(settings.get("SHOW_EXAMPLES", True))
