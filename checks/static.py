"""Checks that read the built files only: internal links and #anchors, image alt text, one h1,
and any reference that would make a visitor's browser contact another host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from .findings import Finding
from .site import html_pages, is_other_host, resolve

# Attributes whose address the browser fetches by itself, without the visitor clicking anything.
FETCHED = {
    "script": ("src",), "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "object": ("data",), "embed": ("src",),
    "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
# <link rel=...> values that make the browser fetch or connect; canonical/alternate/author are only names.
FETCHING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                 "prefetch", "preconnect", "dns-prefetch", "modulepreload", "prerender"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.IGNORECASE)


class PageParser(HTMLParser):
    """Collects what the checks need from one page, with line numbers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[tuple[int, str, str]] = []       # (line, element, address) to follow inside the site
        self.fetches: list[tuple[int, str, str]] = []     # (line, element, address) the browser loads by itself
        self.images_without_alt: list[tuple[int, str]] = []
        self.h1_lines: list[int] = []
        self.security_policy: str | None = None
        self.has_icon = False
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = {name: (value or "") for name, value in attrs}
        for key in ("id",):
            if values.get(key):
                self.anchors.add(values[key])
        if tag == "a" and values.get("name"):
            self.anchors.add(values["name"])
        if tag == "h1":
            self.h1_lines.append(line)
        if tag in ("a", "area") and "href" in values:
            self.links.append((line, tag, values["href"]))
            if values.get("ping"):
                self.fetches.append((line, f"{tag} ping", values["ping"]))
        if tag == "link" and "href" in values:
            rels = set(values.get("rel", "").lower().split())
            self.has_icon = self.has_icon or "icon" in rels
            if rels & FETCHING_RELS:
                self.fetches.append((line, f"link rel={values.get('rel')}", values["href"]))
                self.links.append((line, tag, values["href"]))
        if tag == "form" and values.get("action"):
            self.fetches.append((line, "form action", values["action"]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.security_policy = values.get("content", "")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = values.get("content", "").partition("url=")[2] or values.get("content", "").partition("URL=")[2]
            if target:
                self.fetches.append((line, "meta refresh", target.strip("'\" ")))
        for attribute in FETCHED.get(tag, ()):
            if values.get(attribute):
                for address in _addresses(attribute, values[attribute]):
                    self.fetches.append((line, tag, address))
                    self.links.append((line, tag, address))
        if tag == "img" and "alt" not in values:
            self.images_without_alt.append((line, values.get("src", "")))
        if tag == "input" and values.get("type", "").lower() == "image" and "alt" not in values:
            self.images_without_alt.append((line, values.get("src", "")))
        if values.get("style"):
            for address in CSS_URL.findall(values["style"]):
                self.fetches.append((line, f"{tag} style", address))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            line = self.getpos()[0]
            for address in CSS_URL.findall(data):
                self.fetches.append((line, "style", address))


def _addresses(attribute: str, value: str) -> list[str]:
    if attribute == "srcset":
        return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]
    return [value.strip()]


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def policy_directives(policy: str) -> dict[str, list[str]]:
    """A Content-Security-Policy as {directive: [values]}, lower-cased; the first of a repeated directive counts."""
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), [word.lower() for word in words[1:]])
    return directives


def scripts_only_from_the_site(policy: str) -> bool:
    """True when a Content-Security-Policy lets only the site's own script files run (no inline code, no eval)."""
    directives = policy_directives(policy)
    scripts = directives.get("script-src", directives.get("default-src"))
    allowed = {"'self'", "'none'", "'wasm-unsafe-eval'"}
    return "default-src" in directives and scripts is not None and set(scripts) <= allowed


def editor_policy_is_narrow(policy: str, editor_hosts=()) -> bool:
    """True when the browser editor's own policy runs only the site's script files (Decap needs 'unsafe-eval'
    to compile its configuration checks) and lets it connect only to the site and the git host's API."""
    directives = policy_directives(policy)
    scripts = directives.get("script-src", directives.get("default-src"))
    connect = directives.get("connect-src", directives.get("default-src"))
    hosts = {f"https://{host.lower()}" for host in editor_hosts}
    return ("default-src" in directives and scripts is not None and connect is not None
            and set(scripts) <= {"'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"}
            and set(connect) <= {"'self'", "'none'", *hosts})


def check_static(output: Path, site_root: str = "", editor_pages=(), editor_hosts=()) -> list[Finding]:
    """Every static problem in `output`: broken links and anchors, missing alt, h1 count, other hosts.

    `editor_pages` (the browser editor) carry their own policy, checked by editor_policy_is_narrow."""
    pages = html_pages(output)
    parsed = {page: parse(output / page) for page in pages}
    findings: list[Finding] = []
    for page, info in parsed.items():
        for line, element, address in info.fetches:
            if is_other_host(address):
                findings.append(Finding(
                    page, "privacy", "third-party-request",
                    f"The {element} at line {line} makes visitors' browsers contact another site: {address}",
                    "Copy the file into the theme (theme/static/) and link it with {{ SITEURL }}/..., or remove it. "
                    "The site must load nothing from other websites.", f"line {line}"))
        for line, element, address in info.links:
            target, fragment = resolve(output, page, address, site_root)
            if target is None or address.startswith("#") and not fragment:
                continue
            if target.startswith("../"):
                findings.append(Finding(
                    page, "links", "link-outside-site",
                    f"The {element} at line {line} points outside the site folder: {address}",
                    "Link to pages of the site with {{ SITEURL }}/path/ so the address stays inside the site.",
                    f"line {line}"))
                continue
            if not (output / target).is_file():
                findings.append(Finding(
                    page, "links", "broken-link",
                    f"The {element} at line {line} points to {address}, but the site has no {target}",
                    "Fix the address, or link to the Markdown file with {filename}path.md so the build checks it.",
                    f"line {line}"))
                continue
            if fragment and target in parsed and fragment not in parsed[target].anchors:
                findings.append(Finding(
                    page, "links", "broken-anchor",
                    f"The link at line {line} goes to #{fragment} on {target}, but that page has no "
                    f'element with id="{fragment}"',
                    f'Use an id that exists on {target}, or add id="{fragment}" to the heading it should reach.',
                    f"line {line}"))
        for line, source in info.images_without_alt:
            findings.append(Finding(
                page, "images", "image-alt",
                f"The image at line {line} ({source or 'no src'}) has no alt attribute",
                'Describe the picture in alt="...", or write alt="" if it is only decoration. '
                "In Markdown: ![what the picture shows](photo.jpg)", f"line {line}"))
        if not info.has_icon and not (output / "favicon.ico").is_file():
            findings.append(Finding(
                page, "links", "missing-icon",
                "The page names no icon, so browsers ask for /favicon.ico, which the site does not have "
                "(an error in the browser console)",
                'Keep the <link rel="icon" ...> line of theme/templates/base.html in every page\'s <head>.', ""))
        policy = " ".join((info.security_policy or "").split())
        if page in editor_pages:
            if not editor_policy_is_narrow(policy, editor_hosts):
                findings.append(Finding(
                    page, "privacy", "content-security-policy",
                    "The editor page's Content-Security-Policy allows more than the site's own scripts and the git "
                    f"host's API ({', '.join(editor_hosts)})" + (f' (it has "{policy}")' if policy else ""),
                    "Keep the policy plugins/editor/plugin.py writes into theme/templates/admin.html.", ""))
        elif not scripts_only_from_the_site(policy):
            findings.append(Finding(
                page, "privacy", "content-security-policy",
                "The page has no Content-Security-Policy that allows only the site's own files"
                + (f' (it has "{policy}")' if policy else ""),
                'Keep the <meta http-equiv="Content-Security-Policy" ...> line of theme/templates/base.html in '
                "every page's <head>; the policy itself is in plugins/publishing/policy.py.", ""))
        if len(info.h1_lines) != 1:
            found = ", ".join(str(line) for line in info.h1_lines) or "none"
            findings.append(Finding(
                page, "headings", "one-h1",
                f"The page has {len(info.h1_lines)} h1 headings (lines: {found}); every page needs exactly one",
                "Keep one h1 for the page title; make other headings h2 (## in Markdown).", ""))
    return findings
