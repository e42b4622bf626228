"""The open cost model: sourced figures and named assumptions in, a table of scenarios out. No Pelican here."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from content_checks.problems import Problem
from localization.dates import partial_date

from localization.data import in_language
from sources.tomlfile import read_toml

GAP = "no-response hours"  # a scenario's hours_added taken from the coverage clock's "none" hours
NEEDED_SOURCED = ("request_dollars", "request_positions")
NEEDED_ASSUMPTIONS = ("hours_added_by_request",)


@dataclass(frozen=True)
class Sourced:
    id: str
    value: float
    shown: str
    label: str
    as_of: str
    source: str


@dataclass(frozen=True)
class Assumption:
    id: str
    label: str
    why: str
    value: float | None = None


@dataclass(frozen=True)
class Scenario:
    id: str
    name: str
    hours_added: float | str  # a number, or GAP
    positions_counted: int = 0
    positions_counted_is_assumption: bool = False


@dataclass(frozen=True)
class Row:
    """One computed line of the table."""

    scenario: Scenario
    hours_added: float
    positions: int
    yearly_cost: float


@dataclass(frozen=True)
class CostModel:
    sourced: dict[str, Sourced]
    assumptions: dict[str, Assumption]
    scenarios: tuple[Scenario, ...]

    @property
    def cost_per_position(self) -> float:
        return cost_per_position(self.sourced["request_dollars"].value, self.sourced["request_positions"].value)


def cost_per_position(request_dollars: float, request_positions: float) -> float:
    """Yearly cost of one position if every position in the request costs the same."""
    return request_dollars / request_positions


def positions_needed(request_positions: float, hours_added: float, hours_added_by_request: float,
                     positions_counted: float = 0) -> int:
    """Positions for `hours_added` hours a day, in proportion to the request, less positions already funded.

    Rounded up (nobody hires part of a person) and never below zero.
    """
    raw = request_positions * hours_added / hours_added_by_request - positions_counted
    return max(0, math.ceil(round(raw, 9)))


def compute_rows(model: CostModel, no_response_hours: float) -> list[Row]:
    """The table: one row per scenario, from the model's inputs and the clock's no-response hours."""
    rows = []
    per_position = model.cost_per_position
    for scenario in model.scenarios:
        hours = no_response_hours if scenario.hours_added == GAP else float(scenario.hours_added)
        positions = positions_needed(model.sourced["request_positions"].value, hours,
                                     model.assumptions["hours_added_by_request"].value, scenario.positions_counted)
        rows.append(Row(scenario, hours, positions, positions * per_position))
    return rows


def dollars(amount: float, nearest: int = 1000) -> str:
    """"$2,000,000": rounded to the nearest thousand by default, since the model is an estimate, not an accounting."""
    return f"${round(amount / nearest) * nearest:,.0f}"


def load_cost_model(path: Path, shown: str, source_ids: set[str] | None = None,
                    lang: str | None = None) -> tuple[CostModel | None, list[Problem]]:
    """Return the cost model in cost.toml, and every problem in the file (with `lang`, its words in that language)."""
    file, problems = read_toml(path, shown, 'status = "none"', required=True)
    problems += in_language(file, path, shown, lang)
    if file is None:
        return None, problems
    sourced: dict[str, Sourced] = {}
    for index, table in enumerate(file.data.get("sourced", [])):
        line = file.line("sourced", index)
        name = table.get("id", f"sourced figure {index + 1}")
        missing = [key for key in ("id", "value", "shown", "label", "as_of", "source") if str(table.get(key, "")).strip() == ""]
        for key in missing:
            problems.append(Problem(shown, line, key, f'is missing in sourced figure "{name}".',
                                    f'Add a line like: {key} = "..." Every sourced figure needs id, value, shown, label, as_of and source.'))
        if missing:
            continue
        if not isinstance(table["value"], (int, float)) or isinstance(table["value"], bool):
            problems.append(Problem(shown, file.line("sourced", index, "value"), "value",
                                    f'"{table["value"]}" is not a number (sourced figure "{name}").',
                                    "Write digits without quotes or commas, like value = 4000000."))
            continue
        try:
            partial_date(str(table["as_of"]))
        except ValueError:
            problems.append(Problem(shown, file.line("sourced", index, "as_of"), "as_of",
                                    f'"{table["as_of"]}" is not a date (sourced figure "{name}").',
                                    'Write it like "2025-04-15", "2025-04" or "2025".'))
            continue
        if source_ids is not None and table["source"] not in source_ids:
            problems.append(Problem(shown, file.line("sourced", index, "source"), "source",
                                    f'"{table["source"]}" is not a source in sources.toml (sourced figure "{name}").',
                                    "Use an id from data/explainer/sources.toml, or add the source there first."))
            continue
        sourced[name] = Sourced(name, float(table["value"]), str(table["shown"]), str(table["label"]),
                                str(table["as_of"]), str(table["source"]))
    assumptions: dict[str, Assumption] = {}
    for index, table in enumerate(file.data.get("assumption", [])):
        line = file.line("assumption", index)
        name = table.get("id", f"assumption {index + 1}")
        if "source" in table:
            problems.append(Problem(shown, file.line("assumption", index, "source"), "source",
                                    f'assumption "{name}" has a source. A figure with a source is not an assumption.',
                                    "Move it to a [[sourced]] entry, or remove the source line."))
            continue
        missing = [key for key in ("id", "label", "why") if not str(table.get(key, "")).strip()]
        for key in missing:
            problems.append(Problem(shown, line, key, f'is missing in assumption "{name}".',
                                    f'Add a line like: {key} = "..." Every assumption needs id, label and why (why no source settles it).'))
        if missing:
            continue
        value = table.get("value")
        if value is not None and (not isinstance(value, (int, float)) or isinstance(value, bool)):
            problems.append(Problem(shown, file.line("assumption", index, "value"), "value",
                                    f'"{value}" is not a number (assumption "{name}").', "Write digits without quotes, like value = 12."))
            continue
        assumptions[name] = Assumption(name, str(table["label"]), str(table["why"]), None if value is None else float(value))
    scenarios = []
    for index, table in enumerate(file.data.get("scenario", [])):
        line = file.line("scenario", index)
        name = table.get("id", f"scenario {index + 1}")
        hours = table.get("hours_added")
        if not (hours == GAP or (isinstance(hours, (int, float)) and not isinstance(hours, bool) and 0 < hours <= 24)):
            problems.append(Problem(shown, file.line("scenario", index, "hours_added") or line, "hours_added",
                                    f'"{hours}" is not a number of hours from 1 to 24 (scenario "{name}").',
                                    f'Write a number, like hours_added = 12, or hours_added = "{GAP}" to use the clock\'s hours with no response.'))
            continue
        counted = table.get("positions_counted", 0)
        if not isinstance(counted, int) or isinstance(counted, bool) or counted < 0:
            problems.append(Problem(shown, file.line("scenario", index, "positions_counted"), "positions_counted",
                                    f'"{counted}" is not a whole number of positions (scenario "{name}").',
                                    "Write a whole number, like positions_counted = 17, or 0."))
            continue
        if not str(table.get("name", "")).strip():
            problems.append(Problem(shown, line, "name", f'is missing in scenario "{name}".',
                                    'Add a line like: name = "Only the overnight gap"'))
            continue
        scenarios.append(Scenario(str(name), str(table["name"]), hours, counted,
                                  bool(table.get("positions_counted_is_assumption", False))))
    for key in NEEDED_SOURCED:
        if key not in sourced and not any(problem.field for problem in problems if f'"{key}"' in problem.what):
            problems.append(Problem(shown, None, "sourced", f'has no figure with id "{key}"; the formula needs it.',
                                    f'Add a [[sourced]] entry with id = "{key}".'))
    for key in NEEDED_ASSUMPTIONS:
        if key not in assumptions or assumptions[key].value in (None, 0):
            problems.append(Problem(shown, None, "assumption", f'has no assumption "{key}" with a value above 0; the formula needs it.',
                                    f'Add an [[assumption]] entry with id = "{key}" and a value, like value = 12.'))
    if sourced.get("request_positions") and sourced["request_positions"].value <= 0:
        index = [table.get("id") for table in file.data.get("sourced", [])].index("request_positions")
        problems.append(Problem(shown, file.line("sourced", index, "value"), "value",
                                "request_positions must be above 0.", "Copy the number of positions from the source."))
    if problems:
        return None, problems
    return CostModel(sourced, assumptions, tuple(scenarios)), []
