"""The Example rule, the one every plugin shares: which content and data are demo content.

Content marked `Example: yes` (a Markdown field) or `example = true` (a data file, a snapshot's meta) shows an
"Example" label in previews and is never published. Plain Python, in the base layer, so the fetch layer, the
plugins and the publish gate agree.
"""

from __future__ import annotations

EXAMPLE_VALUES = ("yes", "true")


def is_example(value) -> bool:
    """True when a metadata or data value marks demo content: `yes`, `true` (any case) or a true boolean."""
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in EXAMPLE_VALUES
