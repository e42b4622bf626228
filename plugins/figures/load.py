"""Read the hand-kept figures file: each key number with its value, date and source. No Pelican here."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from content_checks.problems import Problem
from content_checks.tables import check_table_keys
from sources.examples import is_example
from sources.provenance import TABLE_KEYS, Provenance, from_table
from sources.tomlfile import TomlFile, read_toml
from localization.dates import partial_date
from localization.text import default_word as _  # marks default words for the catalog

# What the statistics plugin may compute with (plugins/stats/metrics.py documents each one).
METRICS = ("responses-since-launch", "responses-in-year", "calls-since-launch", "hours-per-day", "overnight-gap",
           "beats-served", "city-share", "budget", "budget-ask", "staff")
PRECISIONS = ("day", "month", "season", "year")


# The words the numbers page uses for what it works out, with plain defaults. A campaign writes its own in
# [metrics.ID] tables of data/metrics.toml (ID is a metric above or a computed statistic). In a summary,
# {value}, {date}, {served}, {all} and {share} are filled in.
METRIC_WORDS = {
    "responses-since-launch": {"title": _("Responses since the program began, as reported"), "note": ""},
    "responses-total": {"unit": _("responses"), "label": _("All responses in the data we have.")},
    "hours-per-day": {"title": _("Hours a day the program answers calls"),
                      "label": _("Hours a day the program answers calls, from the newest source."),
                      "week_label": _("Hours a week the program answers calls, out of the 168 hours in a week."),
                      "summary": _("The program answers calls {value} hours a day ({date})."),
                      "goal_label": ""},
    # source_name: the data's source in the campaign's words ("" shows the snapshot's own name).
    "beats-all": {"unit": _("police beats"), "source_name": ""},
    "coverage-beats": {"title": _("Police beats served"),
                       "label": _("Police beats served, out of all the city's beats."),
                       "summary": _("In {date}, the program served {served} of the city's {all} police beats ({share}).")},
}


class FigureKey(NamedTuple):
    """One key of a [[figure]] table: what it means, an example, and how its value is written (as in
    content_checks.fields, and boolean: true or false)."""

    name: str
    meaning: str
    example: str
    required: bool = False
    form: str = "line"
    choices: tuple[str, ...] = ()


# The one table of figure keys: the checks below and the browser editor's form (plugins/editor) use it.
FIGURE_KEYS = (
    FigureKey("id", "A short name for the figure, used to place it on pages. Lowercase words joined by hyphens.",
              "overnight-gap", True),
    FigureKey("value", "The number exactly as the source gives it, as it is shown.", "6", True),
    FigureKey("unit", "What the number counts, shown right after it.", "hours a night with no crisis response", True),
    FigureKey("label", "One sentence saying what the number means.",
              "The crisis team answers calls in every part of the city, 7 days a week.", True, "text"),
    FigureKey("as_of", "The date the number was true: a day, a month or a year.", "2023-10-23", True),
    FigureKey("as_of_precision", "How exact as_of is, when the source gives only a month, season or year.",
              "season", False, "choice", PRECISIONS),
    FigureKey("source_name", "Where the number comes from, as readers know it.", "City press release", True),
    FigureKey("source_url", "Address of the source, when it is on the web.", "https://www.example.gov/news/budget", False,
              "address"),
    FigureKey("note", "A short note shown with the figure.", "The day the team went citywide.", False, "text"),
    FigureKey("example", "true marks a made-up figure: it is labelled Example and never published.", "true", False,
              "boolean"),
    FigureKey("metric", "For computing: what the number measures.", "hours-per-day", False, "choice", METRICS),
    FigureKey("number", "For computing: the plain number (for \"More than 4,000\", write 4000).", "4000", False,
              "number"),
    FigureKey("period", "For computing: the period the number covers.", "FY2023"),
)
REQUIRED = tuple(key.name for key in FIGURE_KEYS if key.required)
OPTIONAL = tuple(key.name for key in FIGURE_KEYS if not key.required)


@dataclass(frozen=True)
class Figure:
    id: str
    value: str
    unit: str
    label: str
    source: Provenance  # source_name, source_url, as_of and as_of_precision of the [[figure]] table
    note: str = ""
    example: bool = False
    # For computing: which metric this figure is a value of, its plain number, and the period it covers.
    metric: str = ""
    number: float | None = None
    period: str = ""


class FigureFile(NamedTuple):
    figures: list[Figure]  # the usable figures
    problems: list[Problem]
    ids: set[str]  # every id written in the file, usable or not, so other checks do not repeat its mistakes
    words: dict = {}  # METRIC_WORDS with the campaign's [metrics.ID] words over the defaults


def _metric_words(file: TomlFile, shown: str) -> tuple[dict, list[Problem]]:
    words = {metric: dict(defaults) for metric, defaults in METRIC_WORDS.items()}
    problems = []
    tables = file.data.get("metrics", {})
    for metric, table in tables.items() if isinstance(tables, dict) else []:
        line = file.line(f"metrics.{metric}")
        if metric not in METRIC_WORDS:
            close = difflib.get_close_matches(metric, METRIC_WORDS, n=1, cutoff=0.6)
            problems.append(Problem(shown, line, metric, "is not a statistic with words of its own.",
                                    f'Did you mean "{close[0]}"?' if close else f"Use one of: {', '.join(METRIC_WORDS)}."))
            continue
        problems += check_table_keys(shown, line, table, "metric", metric, (), tuple(METRIC_WORDS[metric]))
        words[metric].update({key: str(value) for key, value in table.items() if key in METRIC_WORDS[metric]})
    return words, problems


def load_metric_words(path: Path, shown: str) -> tuple[dict, list[Problem]]:
    """The numbers page's words: METRIC_WORDS with the campaign's [metrics.ID] tables from `path` (metrics.toml,
    beside figures.toml; a file of its own so the browser editor's figures form keeps figures.toml as written)."""
    file, problems = read_toml(path, shown, 'title = "Responses"')
    if file is None:
        return {metric: dict(defaults) for metric, defaults in METRIC_WORDS.items()}, problems
    problems = [Problem(shown, file.line(key), key, "is not a section this file knows.", "Write [metrics.ID] tables only.")
                for key in file.data if key != "metrics"]
    words, found = _metric_words(file, shown)
    return words, problems + found


def load_figures(path: Path, shown: str | None = None) -> FigureFile:
    """Return the figures in `path`, every problem found in it, and all the ids it names."""
    shown = shown or str(path)
    file, problems = read_toml(path, shown, 'label = "Responses"')
    if file is None:
        return FigureFile([], problems, set())
    data = file.data
    figures = []
    seen = set()
    metrics_path = path.with_name("metrics.toml")
    words, problems = load_metric_words(metrics_path, str(Path(shown).with_name("metrics.toml")))
    for index, table in enumerate(data.get("figure", [])):
        line = file.line("figure", index)
        where = table.get("id", f"figure {index + 1}")
        found = check_table_keys(shown, line, table, "figure", where, REQUIRED, OPTIONAL)
        problems += found
        bad = bool(found)
        if "as_of" in table:
            try:
                partial_date(str(table["as_of"]))
            except ValueError:
                problems.append(Problem(shown, file.line("figure", index, "as_of"), "as_of",
                                        f'"{table["as_of"]}" is not a date (figure "{where}").',
                                        'Write it like "2025-04-30", "2025-04" or "2025".'))
                bad = True
        source, found = from_table(table, shown, line, f'figure "{where}"',
                                   'Write the full address, like "https://www.example.gov/program-data".')
        problems += found
        bad = bad or bool(found)
        if "metric" in table and table["metric"] not in METRICS:
            problems.append(Problem(shown, file.line("figure", index, "metric"), "metric",
                                    f'"{table["metric"]}" is not a metric (figure "{where}").',
                                    f"Use one of: {', '.join(METRICS)}."))
            bad = True
        if "number" in table and (isinstance(table["number"], bool) or not isinstance(table["number"], (int, float))):
            problems.append(Problem(shown, line, "number", f'"{table["number"]}" is not a plain number (figure "{where}").',
                                    "Write digits only, without quotes or commas, like number = 4000."))
            bad = True
        if "metric" in table and "number" not in table:
            problems.append(Problem(shown, line, "number", f'is missing in figure "{where}", which has a metric.',
                                    "Add the plain number the value stands for, like number = 4000."))
            bad = True
        if "as_of_precision" in table and table["as_of_precision"] not in PRECISIONS:
            problems.append(Problem(shown, line, "as_of_precision",
                                    f'"{table["as_of_precision"]}" is not a precision (figure "{where}").',
                                    f"Use one of: {', '.join(PRECISIONS)}."))
            bad = True
        ident = str(table["id"]) if table.get("id") not in (None, "") else None
        if ident is not None and ident in seen:
            problems.append(Problem(shown, line, "id", f'"{ident}" is used by two figures.',
                                    "Give each figure its own id."))
            bad = True
        seen.add(ident)
        if not bad:
            figures.append(Figure(**{key: _typed(key, value) for key, value in table.items() if key not in TABLE_KEYS},
                                  source=source))
    return FigureFile(figures, problems, {str(id) for id in seen if id}, words)


def _typed(key: str, value):
    if key == "example":
        return is_example(value)
    if key == "number":
        return float(value)
    return str(value)
