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
    # axe-core rule tags: WCAG 2.0, 2.1 and 2.2, levels A and AA.
    "CHECKS_AXE_TAGS": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    # Best-practice rules we hold ourselves to as well (one main landmark, heading order, ...).
    "CHECKS_AXE_RULES": ["heading-order", "page-has-heading-one", "landmark-one-main", "landmark-unique",
                         "empty-heading", "region"],
    # Lighthouse audits the home page and the first page of each kind, plus these.
    "CHECKS_LIGHTHOUSE_ALSO": ["search/index.html"],
    # Pages Lighthouse skips: the 404 page tells search engines not to index it, which costs SEO points on purpose.
    "CHECKS_LIGHTHOUSE_SKIP": ["404.html"],
    # Audits run at the same time (each drives its own Chromium).
    "CHECKS_LIGHTHOUSE_PARALLEL": 2,
    "CHECKS_LIGHTHOUSE_MINIMUM": {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0},
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
    for key in ("CHECKS_LIGHTHOUSE_ALSO", "CHECKS_LIGHTHOUSE_SKIP", "CHECKS_AXE_TAGS", "CHECKS_AXE_RULES"):
        if not isinstance(settings[key], (list, tuple)):
            raise SettingsError(f"{settings_file}: {key}: must be a list of strings. "
                                f"Write it like: {key} = {DEFAULTS[key]!r}")
    return settings
