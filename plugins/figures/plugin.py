"""Pelican wiring: check the figures file when the build starts; adds the campaign part "figures".

Reads: the campaign's data/figures.toml (or FIGURES_FILE) and data/metrics.toml; in a language edition, their
words in data/figures.LANG.toml and data/metrics.LANG.toml, and the catalog's translation of default words. Adds: campaign.part("figures"), a FigureSet with the
usable figures by id and the ids left out for a mistake (so other plugins stay quiet about those).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from campaign import of as campaign_of
from campaign import provide
from content_checks.plugin import register_check
from content_checks.problems import Problem

from localization.data import overlay, read_words
from localization.editions import editions_of
from sources.problems import shown_path

from .load import METRIC_WORDS, Figure, load_figures

# Figure fields that hold words; a translation file (data/figures.es.toml) may change only these.
WORD_FIELDS = ("value", "unit", "label", "source_name", "note")


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
    figures, problems, ids, words = load_figures(path, shown=shown_path(path))
    if not settings.get("SHOW_EXAMPLES", True):
        figures = [figure for figure in figures if not figure.example]
    figures, found = _in_edition_language(figures, path, settings)
    problems = [*problems, *found]
    words, found = _metric_words_in_edition_language(words, path.with_name("metrics.toml"), settings)
    problems = [*problems, *found]
    return FigureSet({figure.id: figure for figure in figures}, ids - {figure.id for figure in figures}, words), problems


def check(settings):
    campaign_of(settings).part("figures")  # its problems join the shared list when it is made
    return []


def _in_edition_language(figures, path: Path, settings):
    """Figures with the words of data/figures.LANG.toml when the edition is in another language."""
    edition = editions_of(settings)
    if edition.is_main:
        return figures, []
    words, problems = read_words(path, edition.current, shown_path(path))
    if not words:
        return figures, problems
    shown = shown_path(path.with_name(f"{path.stem}.{edition.current}{path.suffix}"))
    original = {"figure": [{"id": figure.id, **_words_of(figure)} for figure in figures]}
    translated = {"figure": [{key: value for key, value in table.items() if key == "id" or key in WORD_FIELDS}
                             for table in words.get("figure", []) if isinstance(table, dict)]}
    for table in words.get("figure", []):
        for key in table:
            if key not in WORD_FIELDS and key != "id" and key not in dict.fromkeys(("number", "as_of", "metric")):
                problems.append(Problem(shown, None, f"figure[{table.get('id')}].{key}",
                                        "is not a word the translation may change.",
                                        f"Translate only {', '.join(WORD_FIELDS)}; facts stay in {shown_path(path)}."))
    merged, found = overlay(original, translated, shown=shown)
    by_id = {table["id"]: table for table in merged["figure"]}
    return [_with_words(figure, by_id[figure.id]) for figure in figures], problems + found


def _words_of(figure: Figure) -> dict:
    return {key: figure.source.name if key == "source_name" else getattr(figure, key) for key in WORD_FIELDS}


def _with_words(figure: Figure, words: dict) -> Figure:
    """The figure with a translation's words; its source's name is one of them, its address and date are facts."""
    changes = {key: words[key] for key in WORD_FIELDS if key != "source_name"}
    return replace(figure, **changes, source=replace(figure.source, name=words["source_name"]))


def _metric_words_in_edition_language(words: dict, path: Path, settings):
    """The numbers page's words in a language edition: a default word in the catalog's translation, a campaign's
    word from data/metrics.LANG.toml ([metrics.ID] tables with the same keys as data/metrics.toml)."""
    edition = editions_of(settings)
    if edition.is_main:
        return words, []
    from localization.plugin import edition_text

    text = edition_text(settings)
    words = {metric: {key: text._(value) if value and value == METRIC_WORDS.get(metric, {}).get(key) else value
                      for key, value in table.items()} for metric, table in words.items()}
    translated, problems = read_words(path, edition.current, shown_path(path))
    if not translated:
        return words, problems
    shown = shown_path(path.with_name(f"{path.stem}.{edition.current}{path.suffix}"))
    merged, found = overlay({"metrics": words}, translated, shown=shown)
    return merged["metrics"], problems + found


def register():
    provide("figures", make_figures)
    register_check(check)
