"""Static SVG bar charts, made at build time: no JavaScript, readable without CSS, styled by site.css.

Interface: `bar_chart(series) -> str`, the markup of one `<svg role="img">` whose accessible name is the
series title and whose description is its one-sentence summary. Every chart is printed next to a table
with the same numbers (templates/statistics.html), so the SVG is never the only way to read them.
Horizontal bars, label above each bar, so long labels never need rotating and the chart fits a phone.
"""

from __future__ import annotations

from html import escape

WIDTH = 360
ROW = 56
TOP = 8
VALUE_ROOM = 145  # space to the right of the longest bar for its value


def _attr(text: str) -> str:
    return escape(str(text), quote=True)


def bar_chart(series) -> str:
    rows = series.rows
    largest = max((row.number for row in rows), default=0) or 1
    height = TOP + ROW * len(rows) + 8
    usable = WIDTH - VALUE_ROOM
    parts = [
        f'<svg class="hs-chart__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{series.id}-title {series.id}-desc">',
        f'<title id="{series.id}-title">{escape(series.title)}</title>',
        f'<desc id="{series.id}-desc">{escape(series.summary)}</desc>',
    ]
    for index, row in enumerate(rows):
        y = TOP + index * ROW
        length = max(2.0, usable * row.number / largest)
        kind = " hs-chart__bar--goal" if row.goal else ""
        parts.append(f'<text class="hs-chart__label" x="0" y="{y + 16}">{escape(row.label)}</text>')
        parts.append(f'<rect class="hs-chart__bar{kind}" x="0" y="{y + 24}" width="{length:.1f}" height="22" rx="3" '
                     f'fill="#a4161a"/>')
        parts.append(f'<text class="hs-chart__value" font-weight="700" x="{length + 8:.1f}" y="{y + 41}">{escape(row.value)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
