"""The {stat:ID} placeholder: cite a live number in any Markdown page, always with its date and source.

Write `{stat:responses-2024}` anywhere in a page or update. The build replaces it with the number, what it
counts, and "(as of DATE · SOURCE)". An unknown ID, or a metric that cannot be worked out from the data we
have, stops the build with the file, line and a list of the IDs that exist. IDs: every `id` in
data/figures.toml, plus the computed metrics in plugins/stats/metrics.py (COMPUTED).

Interface: `find_placeholders(text) -> [(line, id)]`, `render(metric, text) -> str` (HTML),
`replace_placeholders(html, metrics, text) -> str`; `text` is the edition's localization.text.Text (English
when not given), so "(as of ...)" and the date read in the page's language.
"""

from __future__ import annotations

import re
from html import escape

from localization.dates import machine_date
from localization.text import ENGLISH, Text

PATTERN = re.compile(r"\{stat:\s*([^}\s]*)\s*\}")


def find_placeholders(text: str) -> list:
    return [(text.count("\n", 0, match.start()) + 1, match.group(1)) for match in PATTERN.finditer(text)]


def render(metric, text: Text = ENGLISH) -> str:
    cited = metric.source
    source = escape(cited.name)
    if cited.url:
        source = f'<a href="{escape(cited.url, quote=True)}">{source}</a>'
    example = f' <span class="hs-tag hs-tag--example">{escape(text._("Example"))}</span>' if metric.example else ""
    when = (f'<time datetime="{machine_date(cited.as_of, cited.precision)}">'
            f'{escape(text.plain_date(cited.as_of, cited.precision))}</time>')
    # One message with both parts, so a language can put the date and the source in its own order; the
    # message is escaped, then the (already escaped) date and source go in.
    provenance = escape(text._("(as of %(date)s · %(source)s)"), quote=False) % {"date": when, "source": source}
    return (f'<span class="hs-stat"><strong class="hs-stat__value">{escape(metric.value)}</strong> '
            f'{escape(metric.unit)}{example} <span class="hs-stat__provenance">{provenance}</span></span>')


def replace_placeholders(html: str, metrics: dict, text: Text = ENGLISH) -> str:
    """Every {stat:ID} in `html` rendered; unknown IDs are left as they are (the build check reports them)."""
    return PATTERN.sub(lambda match: render(metrics[match.group(1)], text) if match.group(1) in metrics
                       else match.group(0), html)
