"""Pelican wiring: check the figures file when the build starts and give the stats plugin and templates `FIGURES`."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from content_checks.plugin import register_check

from .load import load_figures


def _path(settings) -> Path:
    return Path(settings.get("FIGURES_FILE", "data/figures.toml"))


def check_and_load(settings):
    path = _path(settings)
    figures, problems, ids = load_figures(path, shown=_shown(path))
    if not settings.get("SHOW_EXAMPLES", True):
        figures = [figure for figure in figures if not figure.example]
    settings["FIGURES"] = {figure.id: figure for figure in figures}
    # Ids written in the file but left out because of a mistake: the stats plugin, which resolves
    # HOME_FIGURES and {stat:...}, stays quiet about them, since this file's own lines already say why.
    settings["FIGURES_NOT_USABLE"] = ids - {figure.id for figure in figures}
    return problems


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def register():
    register_check(check_and_load)
