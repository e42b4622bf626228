"""Pelican wiring: check the figures file when the build starts and give templates `FIGURES`."""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from content_checks.plugin import register_check
from content_checks.problems import Problem

from .load import load_figures


def _path(settings) -> Path:
    return Path(settings.get("FIGURES_FILE", "data/figures.toml"))


def check_and_load(settings):
    path = _path(settings)
    figures, problems = load_figures(path, shown=_shown(path))
    known_ids = {figure.id for figure in figures}
    if not settings.get("SHOW_EXAMPLES", True):
        figures = [figure for figure in figures if not figure.example]
    settings["FIGURES"] = {figure.id: figure for figure in figures}
    wanted = settings.get("HOME_FIGURES", [])
    settings["HOME_FIGURE_LIST"] = [settings["FIGURES"][id] for id in wanted if id in settings["FIGURES"]]
    # With the stats plugin on, HOME_FIGURES may also name computed statistics; it checks them instead.
    if not problems and "stats" not in settings.get("PLUGINS", []):
        for id in wanted:
            if id not in known_ids:
                problems.append(Problem("pelicanconf.py", None, "HOME_FIGURES",
                                        f'names "{id}", but {_shown(path)} has no figure with that id.',
                                        f"Use one of: {', '.join(settings['FIGURES'])}."))
    return problems


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def register():
    register_check(check_and_load)
