"""Pelican wiring: check the figures file when the build starts; adds the campaign part "figures".

Reads: the campaign's data/figures.toml (or FIGURES_FILE). Adds: campaign.part("figures"), a FigureSet with the
usable figures by id and the ids left out for a mistake (so other plugins stay quiet about those).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from campaign import of as campaign_of
from campaign import provide
from content_checks.plugin import register_check

from .load import Figure, load_figures


@dataclass
class FigureSet:
    by_id: dict[str, Figure] = field(default_factory=dict)
    # Ids written in the file but left out because of a mistake: the stats plugin, which resolves the home
    # page's figures and {stat:...}, stays quiet about them, since this file's own lines already say why.
    not_usable: set[str] = field(default_factory=set)
    # The numbers page's words for what it works out (figures.load.METRIC_WORDS, with the campaign's own).
    metric_words: dict = field(default_factory=dict)


def figures_file(campaign, settings) -> Path:
    return Path(settings.get("FIGURES_FILE") or campaign.data_file("figures.toml"))


def make_figures(campaign, settings):
    path = figures_file(campaign, settings)
    figures, problems, ids, words = load_figures(path, shown=_shown(path))
    if not settings.get("SHOW_EXAMPLES", True):
        figures = [figure for figure in figures if not figure.example]
    return FigureSet({figure.id: figure for figure in figures}, ids - {figure.id for figure in figures}, words), problems


def check(settings):
    campaign_of(settings).part("figures")  # its problems join the shared list when it is made
    return []


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def register():
    provide("figures", make_figures)
    register_check(check)
