"""The quality gate's settings: defaults here, overridden by CHECKS_* lines in the settings file
(the "Quality gate" block at the end of pelicanconf.py)."""

from __future__ import annotations

import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    # Compressed HTML + CSS + JS a page may download, in KB (1 KB = 1024 bytes).
    "CHECKS_PAGE_BUDGET_KB": 50,
    # Aim (reported, not enforced): HTML + CSS inside the first round trip of a new connection.
    "CHECKS_FIRST_FLIGHT_KB": 14,
    # Every page is checked at each size. Desktop runs in dark mode so both colour schemes get a contrast check.
    "CHECKS_VIEWPORTS": {
        "phone": {"width": 390, "height": 844, "mobile": True, "scale": 2, "color_scheme": "light"},
        "desktop": {"width": 1280, "height": 800, "color_scheme": "dark"},
    },
    # Chromiums that share out the pages at the same time (axe keeps one processor busy per page).
    "CHECKS_BROWSER_PARALLEL": 2,
    # axe-core rule tags: WCAG 2.0, 2.1 and 2.2, levels A and AA.
    "CHECKS_AXE_TAGS": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    # Best-practice rules we hold ourselves to as well (one main landmark, heading order, ...).
    "CHECKS_AXE_RULES": ["heading-order", "page-has-heading-one", "landmark-one-main", "landmark-unique",
                         "empty-heading", "region"],
    # Lighthouse audits the home page and the first page of each kind, plus these.
    "CHECKS_LIGHTHOUSE_ALSO": ["search/index.html"],
    # Folders of other language editions (["es"]): their pages are the main edition's kinds in another language,
    # so Lighthouse audits only each edition's home page there (axe and every other check still read every page).
    "CHECKS_LIGHTHOUSE_EDITIONS": [],
    # Pages Lighthouse skips: the 404 page tells search engines not to index it, which costs SEO points on purpose.
    "CHECKS_LIGHTHOUSE_SKIP": ["404.html"],
    # Audits run at the same time (each drives its own Chromium).
    "CHECKS_LIGHTHOUSE_PARALLEL": 2,
    # Lighthouse category scores a page must reach. Performance is not one of them: its score depends on how busy
    # the machine is (the same page scored 0.85 to 1.00), so it is reported beside CHECKS_PERFORMANCE_LIMITS.
    "CHECKS_LIGHTHOUSE_MINIMUM": {"accessibility": 1.0, "best-practices": 1.0, "seo": 1.0},
    # Performance, judged per page from the built files (checks/performance.py), so load cannot change the verdict:
    "CHECKS_PERFORMANCE_LIMITS": {
        # files the browser fetches to show the page, the page itself included
        "requests": 20,
        # stylesheets and synchronous scripts it must download before drawing anything (our one stylesheet)
        "render_blocking": 1,
        # compressed JavaScript, in KB (every page works without it)
        "script_kb": 20,
        # HTML elements and nesting depth: Lighthouse's own limits for a DOM that is slow to lay out
        "dom_elements": 1400,
        "dom_depth": 32,
        # <img> without width and height: the page jumps when it arrives (layout shift)
        "unsized_images": 0,
    },
    # Pages for organizers, not visitors (the browser editor, plugins/editor): left out of the page budget and
    # Lighthouse; the browser check scans the page we write with scripts off, and with scripts on allows
    # requests only to the site and these hosts (the git host's API).
    "CHECKS_EDITOR_PAGES": ["admin/index.html"],
    "CHECKS_EDITOR_HOSTS": ["api.github.com"],
    "CHECKS_CHROMIUM": "/usr/bin/chromium",
    "CHECKS_NODE_MODULES": str(ROOT / "node_modules"),
}


class SettingsError(ValueError):
    """A CHECKS_* setting has the wrong type; the message names it and shows a correct example."""


def load(settings_file: Path | None) -> dict:
    """DEFAULTS overridden by the CHECKS_* names (and SITE_ROOT) defined in `settings_file`."""
    values = {}
    if settings_file is not None:
        values = runpy.run_path(str(settings_file))
    settings = {key: values.get(key, default) for key, default in DEFAULTS.items()}
    settings["SITE_ROOT"] = values.get("SITE_ROOT", "")
    for key in ("CHECKS_PAGE_BUDGET_KB", "CHECKS_FIRST_FLIGHT_KB"):
        if not isinstance(settings[key], (int, float)) or settings[key] <= 0:
            raise SettingsError(f"{settings_file}: {key}: {settings[key]!r} is not a positive number of KB. "
                                f"Write it like: {key} = {DEFAULTS[key]}")
    for key in ("CHECKS_LIGHTHOUSE_ALSO", "CHECKS_LIGHTHOUSE_SKIP", "CHECKS_LIGHTHOUSE_EDITIONS", "CHECKS_AXE_TAGS",
                "CHECKS_AXE_RULES", "CHECKS_EDITOR_PAGES", "CHECKS_EDITOR_HOSTS"):
        if not isinstance(settings[key], (list, tuple)):
            raise SettingsError(f"{settings_file}: {key}: must be a list of strings. "
                                f"Write it like: {key} = {DEFAULTS[key]!r}")
    _check_lighthouse_minimum(settings, settings_file)
    _check_performance_limits(settings, settings_file)
    return settings


def _check_lighthouse_minimum(settings: dict, settings_file) -> None:
    minimum = settings["CHECKS_LIGHTHOUSE_MINIMUM"]
    example = f"CHECKS_LIGHTHOUSE_MINIMUM = {DEFAULTS['CHECKS_LIGHTHOUSE_MINIMUM']!r}"
    if not isinstance(minimum, dict):
        raise SettingsError(f"{settings_file}: CHECKS_LIGHTHOUSE_MINIMUM: must be a dict of category: score. "
                            f"Write it like: {example}")
    for name, value in minimum.items():
        if name == "performance":
            raise SettingsError(
                f"{settings_file}: CHECKS_LIGHTHOUSE_MINIMUM: performance: the Lighthouse performance score moves "
                "with how busy the machine is, so the check reports it and does not fail on it. Remove "
                "performance from it, and set CHECKS_PERFORMANCE_LIMITS instead. Write it like: " + example)
        if name not in ("accessibility", "best-practices", "seo"):
            raise SettingsError(f"{settings_file}: CHECKS_LIGHTHOUSE_MINIMUM: {name!r} is not a Lighthouse category "
                                f"the check judges (accessibility, best-practices, seo). Write it like: {example}")
        if not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise SettingsError(f"{settings_file}: CHECKS_LIGHTHOUSE_MINIMUM: {name}: {value!r} is not a score "
                                f"from 0 to 1. Write it like: {example}")


def _check_performance_limits(settings: dict, settings_file) -> None:
    from .performance import LIMIT_NAMES

    limits = settings["CHECKS_PERFORMANCE_LIMITS"]
    if not isinstance(limits, dict):
        raise SettingsError(f"{settings_file}: CHECKS_PERFORMANCE_LIMITS: must be a dict of limit: number. "
                            f"Write it like: CHECKS_PERFORMANCE_LIMITS = {{\"script_kb\": 30}}")
    for name, value in limits.items():
        if name not in LIMIT_NAMES:
            raise SettingsError(f"{settings_file}: CHECKS_PERFORMANCE_LIMITS: {name!r} is not a limit the check "
                                f"knows. Use one of: {', '.join(LIMIT_NAMES)}.")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise SettingsError(f"{settings_file}: CHECKS_PERFORMANCE_LIMITS: {name}: {value!r} is not a number "
                                f"of 0 or more. Write it like: {{\"{name}\": {DEFAULTS['CHECKS_PERFORMANCE_LIMITS'][name]}}}")
    # Limits left out keep their default, so a settings file names only what it changes.
    settings["CHECKS_PERFORMANCE_LIMITS"] = {**DEFAULTS["CHECKS_PERFORMANCE_LIMITS"], **limits}
