"""Open Graph images: a 1200x630 PNG per key page with its headline number or ask, drawn with Pillow."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import ImageDraw

# Pillow is imported when a card is drawn: drawn cards are cached, so most builds never need it.

SIZE = (1200, 630)
MARGIN = 72
BRAND = (164, 22, 26)      # --hs-brand
BRAND_DARK = (110, 13, 16)  # --hs-brand-dark
WHITE = (255, 255, 255)
CREAM = (247, 242, 238)     # --hs-surface


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=font) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _fit(draw, text: str, font_path: Path, width: int, height: int, largest: int, smallest: int):
    """The largest font size at which `text` wraps into the box; returns (font, lines, line height)."""
    from PIL import ImageFont

    for size in range(largest, smallest - 1, -4):
        font = ImageFont.truetype(str(font_path), size)
        lines = _wrap(draw, text, font, width)
        line_height = round(size * 1.15)
        if len(lines) * line_height <= height and all(draw.textlength(line, font=font) <= width for line in lines):
            return font, lines, line_height
    font = ImageFont.truetype(str(font_path), smallest)
    return font, _wrap(draw, text, font, width), round(smallest * 1.15)


def draw_card(headline: str, detail: str, site_name: str, font_path: Path, target: Path) -> Path:
    """Draw the card and save it as PNG at `target`. Big type so it still reads as a phone thumbnail."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", SIZE, BRAND)
    draw = ImageDraw.Draw(image)
    width = SIZE[0] - 2 * MARGIN
    # A band at the bottom for the site name, so a shared link always says who it is from.
    band_top = SIZE[1] - 110
    draw.rectangle([0, band_top, SIZE[0], SIZE[1]], fill=BRAND_DARK)
    name_font = ImageFont.truetype(str(font_path), 44)
    draw.text((MARGIN, band_top + 55), site_name, font=name_font, fill=WHITE, anchor="lm")
    detail_height = 0
    if detail:
        detail_font, detail_lines, detail_line = _fit(draw, detail, font_path, width, 2 * 50, 46, 34)
        detail_height = len(detail_lines) * detail_line
    headline_box = band_top - 2 * 56 - detail_height - (24 if detail else 0)
    font, lines, line_height = _fit(draw, headline, font_path, width, headline_box, 132, 56)
    y = 56
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=WHITE)
        y += line_height
    if detail:
        y += 24
        for line in detail_lines:
            draw.text((MARGIN, y), line, font=detail_font, fill=CREAM)
            y += detail_line
    target.parent.mkdir(parents=True, exist_ok=True)
    # zlib's default level: 4x faster than optimize=True (the slowest part of a first build's pictures) for
    # about 5% more bytes (48 KB instead of 46 KB); share pictures are fetched by link previews, not by visitors.
    image.save(target, "PNG")
    return target
