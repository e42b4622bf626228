"""QR codes drawn at build time as inline SVG with segno, so flyers need no image files and no network."""

from __future__ import annotations


def qr_svg(url: str, label: str) -> str:
    """Inline <svg> of a QR code for `url`, with `label` as its accessible name.

    Error level M survives a creased or smudged flyer; the 4-module quiet zone is what phone readers expect.
    """
    import segno  # when a flyer is drawn: pages kept from the last build (plugins/incremental) need none

    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, svgclass="hs-qr", lineclass=None, omitsize=True, title=label)
    # role=img plus the <title> give screen readers one name instead of a pile of path data.
    return svg.replace("<svg ", '<svg role="img" preserveAspectRatio="xMidYMid meet" ', 1)
