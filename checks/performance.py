"""Page speed judged by what does not move with the machine: measured from the built files, so the same site
gets the same verdict on an idle machine and on a busy one.

For each page: the requests the browser makes to show it, the stylesheets and scripts it must wait for before
it draws anything (render-blocking), the compressed JavaScript it loads, the size and depth of its HTML tree,
and the images that lack a width and height (the page jumps when they arrive). Lighthouse's performance
score and timings (Total Blocking Time, ...) depend on how busy the CPU is, so the gate reports them beside
these figures and never fails on them (checks/lighthouse.py).
"""

from __future__ import annotations

import gzip
import re
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .findings import Finding
from .site import html_pages, is_other_host, resolve
from .weight import KB, compressed_size

# Elements that never have children (https://html.spec.whatwg.org/#void-elements).
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Script types the browser runs; anything else (application/ld+json, ...) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
# <link rel> values that make the browser download something while loading the page.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                 "modulepreload"}
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""", re.IGNORECASE)
# Only these limits exist; a typo in the settings is reported rather than ignored.
LIMIT_NAMES = ("requests", "render_blocking", "script_kb", "dom_elements", "dom_depth", "unsized_images")


@dataclass
class PageMeasures:
    """What one page costs a visitor's browser, measured from the built files."""

    requests: int = 1                   # the page itself, plus every file it makes the browser fetch
    render_blocking: list[str] = field(default_factory=list)  # stylesheets and synchronous scripts
    script_bytes: int = 0               # gzip-compressed JavaScript, external files and inline code
    dom_elements: int = 0
    dom_depth: int = 0
    unsized_images: list[str] = field(default_factory=list)   # "line N: src"

    def as_dict(self) -> dict:
        return asdict(self)


class _PageParser(HTMLParser):
    """One pass over a page: element count and depth, fetched files, blocking files, inline scripts, images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = 0
        self.depth = 0
        self.stack: list[str] = []
        self.fetched: list[tuple[str, str]] = []      # (kind, address); kind is stylesheet, script, image, other
        self.blocking: list[tuple[str, str]] = []     # (kind, address)
        self.inline_scripts: list[str] = []
        self.unsized: list[str] = []
        self._script_runs = False

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)
            self.depth = max(self.depth, len(self.stack))

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if tag == "script":
            self._script_runs = False

    def handle_data(self, data):
        if self._script_runs and data.strip():
            self.inline_scripts.append(data)

    def _start(self, tag, attrs):
        self.elements += 1
        values = {name.lower(): (value or "") for name, value in attrs}
        line = self.getpos()[0]
        if tag == "script":
            kind = values.get("type", "").strip().lower()
            runs = kind in SCRIPT_TYPES
            self._script_runs = runs and not values.get("src")
            if runs and values.get("src"):
                self.fetched.append(("script", values["src"]))
                # A classic script without async or defer stops the page until it is downloaded and run.
                if kind != "module" and "async" not in values and "defer" not in values:
                    self.blocking.append(("script", values["src"]))
        elif tag == "link" and values.get("href"):
            rels = set(values.get("rel", "").lower().split())
            if "stylesheet" in rels and "alternate" not in rels and "disabled" not in values:
                self.fetched.append(("stylesheet", values["href"]))
                # A print-only stylesheet is downloaded without holding up the screen.
                if values.get("media", "all").strip().lower() not in ("print",):
                    self.blocking.append(("stylesheet", values["href"]))
            elif rels & FETCHING_RELS:
                self.fetched.append(("other", values["href"]))
        elif tag in ("img", "video", "audio", "iframe", "embed", "object", "track") or (
                tag == "input" and values.get("type", "").lower() == "image"):
            source = values.get("src") or values.get("data") or values.get("poster")
            if source:
                self.fetched.append(("image" if tag in ("img", "input") else "other", source))
            elif tag == "img" and values.get("srcset"):
                self.fetched.append(("image", values["srcset"].split(",")[0].split()[0]))
            if tag == "img" and not (values.get("width") and values.get("height")):
                self.unsized.append(f"line {line}: {values.get('src') or values.get('srcset') or 'no src'}")


def measure_page(output: Path, page: str, site_root: str = "") -> PageMeasures:
    """The measures of one built page (`about/index.html`) in `output`."""
    parser = _PageParser()
    parser.feed((output / page).read_text(encoding="utf-8", errors="replace"))
    parser.close()
    measures = PageMeasures(dom_elements=parser.elements, dom_depth=parser.depth, unsized_images=parser.unsized)
    seen: set[str] = set()

    def local_file(address: str) -> Path | None:
        target, _fragment = resolve(output, page, address, site_root)
        return output / target if target and not target.startswith("..") and (output / target).is_file() else None

    fetched = list(parser.fetched)
    blocking = list(parser.blocking)
    # A stylesheet's @import is one more file, fetched before the page can be drawn.
    for kind, address in parser.fetched:
        path = local_file(address) if kind == "stylesheet" and not is_other_host(address) else None
        if path is not None:
            for imported in CSS_IMPORT.findall(path.read_text(encoding="utf-8", errors="replace")):
                relative = path.parent.joinpath(imported).resolve()
                try:
                    shown = relative.relative_to(output.resolve()).as_posix()
                except ValueError:
                    shown = imported
                fetched.append(("stylesheet", "/" + shown if not is_other_host(imported) else imported))
                blocking.append(("stylesheet", "/" + shown if not is_other_host(imported) else imported))
    for kind, address in fetched:
        if address in seen or address.strip().lower().startswith(("data:", "blob:")):
            continue
        seen.add(address)
        measures.requests += 1
        if kind == "script" and not is_other_host(address):
            path = local_file(address)
            if path is not None:
                measures.script_bytes += compressed_size(path.resolve())
    measures.render_blocking = list(dict.fromkeys(address for _kind, address in blocking))
    if parser.inline_scripts:
        inline = "\n".join(parser.inline_scripts).encode("utf-8")
        measures.script_bytes += len(gzip.compress(inline, compresslevel=6, mtime=0))
    return measures


def measure_site(output: Path, site_root: str = "", skip=()) -> dict[str, PageMeasures]:
    """Measures for every HTML page in `output` but those in `skip`."""
    return {page: measure_page(output, page, site_root) for page in html_pages(output) if page not in skip}


def check_performance(output: Path, limits: dict, site_root: str = "", skip=()) -> tuple[list[Finding], list[str],
                                                                                           dict]:
    """Pages over a limit of CHECKS_PERFORMANCE_LIMITS are findings. Returns (findings, notes, measures).
    Pages in `skip` (the browser editor, for organizers) are not measured."""
    measured = measure_site(output, site_root, skip)
    findings: list[Finding] = []
    setting = "CHECKS_PERFORMANCE_LIMITS in pelicanconf.py"
    for page, m in measured.items():
        if len(m.render_blocking) > limits["render_blocking"]:
            findings.append(Finding(
                page, "performance", "render-blocking",
                f"The browser must download {len(m.render_blocking)} files before it can show anything "
                f"({', '.join(m.render_blocking)}); the limit is {limits['render_blocking']}",
                'Load scripts with <script src="..." defer> (or type="module"), and keep to one stylesheet. '
                f"The limit is render_blocking in {setting}.", ""))
        if m.script_bytes > limits["script_kb"] * KB:
            findings.append(Finding(
                page, "performance", "script-size",
                f"The page loads {m.script_bytes / KB:.1f} KB of compressed JavaScript; the limit is "
                f"{limits['script_kb']:g} KB. Phones on a slow connection wait for every byte, then run it",
                "Drop scripts the page can do without (every page must work without JavaScript), or load them "
                f"only on the pages that need them. The limit is script_kb in {setting}.", ""))
        if m.requests > limits["requests"]:
            findings.append(Finding(
                page, "performance", "requests",
                f"The page makes the browser fetch {m.requests} files (the page included); the limit is "
                f"{limits['requests']}",
                "Combine stylesheets and scripts, use fewer images on one page, or split the page. "
                f"The limit is requests in {setting}.", ""))
        if m.dom_elements > limits["dom_elements"] or m.dom_depth > limits["dom_depth"]:
            findings.append(Finding(
                page, "performance", "dom-size",
                f"The page has {m.dom_elements} HTML elements, nested {m.dom_depth} deep; the limits are "
                f"{limits['dom_elements']} elements and {limits['dom_depth']} levels. Large pages are slow to "
                "lay out on phones",
                "Split long lists over more pages (pagination), or simplify the template's nesting. "
                f"The limits are dom_elements and dom_depth in {setting}.", ""))
        if len(m.unsized_images) > limits["unsized_images"]:
            shown = "; ".join(m.unsized_images[:5]) + (" ..." if len(m.unsized_images) > 5 else "")
            findings.append(Finding(
                page, "performance", "unsized-image",
                f"{len(m.unsized_images)} images have no width and height ({shown}), so the text jumps when "
                "they arrive (layout shift)",
                'Give every <img> its size in pixels: <img src="photo.jpg" alt="..." width="800" height="600">. '
                "CSS still scales it to the screen.", ""))
    notes = []
    if measured:
        def most(name, key):
            page = max(measured, key=lambda p: key(measured[p]))
            value = key(measured[page])
            return f"{name} {value:g}" + (f" ({page})" if value else "")
        notes.append("Most per page: " + ", ".join([
            most("requests", lambda m: m.requests),
            most("render-blocking files", lambda m: len(m.render_blocking)),
            most("KB of script", lambda m: round(m.script_bytes / KB, 1)),
            most("elements", lambda m: m.dom_elements),
            most("levels deep", lambda m: m.dom_depth),
            most("images without a size", lambda m: len(m.unsized_images)),
        ]) + ".")
    return findings, notes, {page: m.as_dict() for page, m in measured.items()}
