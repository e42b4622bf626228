"""Every statistic the site shows, and how it is worked out: the one place the formulas live. No Pelican here.

Inputs are only sourced data: the hand-kept figures (data/figures.toml, each with value, date and source)
and the snapshots in data/snapshots/ (each with its source URL and fetch time). Nothing is estimated.

Metrics (cite any of them in Markdown as {stat:ID}; see plugins/stats/placeholders.py):

- every hand-kept figure, by its `id` in data/figures.toml, exactly as written there;
- `responses-total`: the sum of `count` over all records of the response snapshots named in
  STATS_RESPONSE_SOURCES (a record without `count` is one response). As of the newest record's date.
- `responses-by-month` (chart): the same sum grouped by the first 7 characters of `date` (YYYY-MM).
- `responses-by-type` (chart): the same sum grouped by `category` (crisis call diversion, care navigation,
  community response, ... exactly as the source names them).
- `beats-all`: the number of different beat numbers in the police-beats snapshot (STATS_BEATS_SNAPSHOT) whose
  district is one of STATS_CITY_DISTRICTS (the city's police districts; the Sheriff's Office area is not a city beat).
- `coverage-beats`: beats served / beats-all, where beats served is the newest figure with metric = "beats-served".
  Shown as "12 of 36" with the percentage, dated by the beats-served figure.
- `hours-per-day-latest`: the newest figure with metric = "hours-per-day". An "overnight-gap" figure is shown on its
  own and never turned into hours a day (24 minus a gap is not a number any source states).
- `hours-per-week-latest`: hours-per-day-latest x 7, out of 168 (24 x 7) for round-the-clock service.
- `budget-latest`: the newest figure with metric = "budget".
- `cost-per-response`: a budget figure / a response figure (metric responses-in-year or responses-since-launch)
  with the same `period`. Not shown when no two figures share a period: dividing numbers for different
  periods, or a department's whole budget by one program's responses, would give a made-up number.

Charts (`Series`): responses reported since launch (figures with metric = "responses-since-launch"), hours a day
(hours figures, with the 24-hour goal), police beats served, and, when response snapshots exist, responses by
month and by type. A series from a snapshot marked example (meta.example = true) is labelled Example.

Every word, number and date is written in the edition's language through `Options.text` (localization.text:
gettext and Babel); the campaign's own words come from data/metrics.toml (and metrics.LANG.toml) via `Options.words`.

Interface: `compute(figures, snapshots, checked, options, today) -> Stats` with `Stats.metrics` {id: Metric},
`Stats.series` [Series], `Stats.unavailable` {id: why}, `Stats.stale` [StaleNotice].
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

from localization.dates import partial_date
from localization.text import ENGLISH, Text
from sources.examples import is_example
from sources.provenance import Provenance

COMPUTED = ("responses-total", "beats-all", "coverage-beats", "hours-per-day-latest", "hours-per-week-latest",
            "budget-latest", "cost-per-response")


@dataclass(frozen=True)
class Metric:
    """One number with what it counts and where it came from; the figure card and {stat:...} render these."""

    id: str
    value: str
    unit: str
    label: str
    source: Provenance
    number: float | None = None
    note: str = ""
    example: bool = False


@dataclass(frozen=True)
class Row:
    label: str
    number: float
    value: str
    source: Provenance = Provenance()
    note: str = ""
    goal: bool = False
    # True when the label is the as-of date itself, so the table shows the date once, as the row heading.
    dated: bool = False


@dataclass(frozen=True)
class Series:
    id: str
    title: str
    summary: str
    value_heading: str
    rows: list
    note: str = ""
    example: bool = False
    source: Provenance = Provenance()  # one source for the whole chart; else each row names its own


@dataclass(frozen=True)
class StaleNotice:
    snapshot: str  # the snapshot's name in data/snapshots/
    source: Provenance
    days: int


@dataclass
class Stats:
    metrics: dict = field(default_factory=dict)
    series: list = field(default_factory=list)
    unavailable: dict = field(default_factory=dict)
    stale: list = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    response_sources: tuple = ()
    beats_snapshot: str = "police-beats"
    city_districts: tuple = ("D1", "D2", "D3", "D4", "D5")
    stale_after_days: int = 45
    locale: str = "en"
    zone: str = "UTC"  # the campaign's time zone (data/site.toml)
    # The edition's language: its words through gettext, its dates and numbers through Babel.
    text: Text = ENGLISH
    # {statistic: {word: text}}: titles, labels, units and summaries, from the campaign's data/figures.toml.
    words: dict = field(default_factory=dict)


def _words(options: Options, metric: str) -> dict:
    return options.words.get(metric, {})


def whole(number: float, text: Text = ENGLISH) -> str:
    """12,345: a whole number in the edition's conventions."""
    return text.number(round(number))


def money(number: float, text: Text = ENGLISH) -> str:
    """$412: whole dollars (a cost per response is an average, not an accounting)."""
    return text.money(round(number), cents=False)


def when(as_of: str, precision: str = "day", text: Text = ENGLISH) -> str:
    return text.plain_date(as_of, precision)


def fill(template: str, **values) -> str:
    """A campaign's sentence with {value}, {date}... filled in; a name it does not know is left as written."""
    return re.sub(r"\{([a-z_]+)\}", lambda match: str(values.get(match[1], match[0])), template)


def _sort_key(item) -> date:
    return partial_date(item.source.as_of)[0]


def _by_metric(figures, metric: str) -> list:
    return sorted((figure for figure in figures if getattr(figure, "metric", "") == metric), key=_sort_key)


def _figure_metric(figure) -> Metric:
    return Metric(id=figure.id, value=figure.value, unit=figure.unit, label=figure.label, source=figure.source,
                  number=figure.number, note=figure.note, example=figure.example)


def _row(figure, label: str | None = None, number: float | None = None, value: str | None = None,
         note: str = "", text: Text = ENGLISH) -> Row:
    return Row(label=label or when(figure.source.as_of, figure.source.precision, text),
               number=figure.number if number is None else number, value=value or figure.value,
               source=figure.source, note=note or figure.note, dated=label is None)


def _snapshot_as_of(snapshot, checked: dict) -> str:
    """The date this snapshot's data was last known to be current: meta.as_of, else its last successful check."""
    if snapshot.meta.get("as_of"):
        return str(snapshot.meta["as_of"])
    times = [time for time in (snapshot.fetched_at, checked.get(snapshot.source)) if time]
    return max(times)[:10]


def _snapshot_source(snapshot) -> str:
    return snapshot.meta.get("source_name") or snapshot.meta.get("title") or snapshot.source_url


def compute(figures: list, snapshots: dict, checked: dict, options: Options, today: date | None = None) -> Stats:
    """All metrics and chart series from sourced inputs. See the module docstring for every formula."""
    today = today or datetime.now(timezone.utc).date()
    text = options.text
    stats = Stats()
    for figure in figures:
        stats.metrics[figure.id] = _figure_metric(figure)

    # Responses reported since launch: conflicting counts are all kept, each with its own date and source.
    reported = _by_metric(figures, "responses-since-launch")
    if reported:
        first, last = reported[0], reported[-1]
        summary = text._("Reported counts grew from %(first)s (%(first_date)s) to %(last)s (%(last_date)s).",
                         first=first.value.lower(), first_date=when(first.source.as_of, first.source.precision, text),
                         last=last.value.lower(), last_date=when(last.source.as_of, last.source.precision, text))
        if len(reported) > 2:
            summary += " " + text._("Each count was made at a different time, often by a different source, so they "
                                    "do not match.")
        stats.series.append(Series(
            id="responses-reported", title=_words(options, "responses-since-launch").get("title", ""), summary=summary,
            value_heading=text._("Responses"), rows=[_row(figure, text=text) for figure in reported],
            note=_words(options, "responses-since-launch").get("note", "")))

    _responses_from_snapshots(stats, snapshots, checked, options)
    _hours(stats, figures, text, _words(options, "hours-per-day"))
    _coverage(stats, figures, snapshots, checked, options, text)
    _budget(stats, figures, snapshots, options)
    _stale(stats, snapshots, checked, options, today)
    return stats


def _responses_from_snapshots(stats: Stats, snapshots: dict, checked: dict, options: Options) -> None:
    text = options.text
    series = [snapshots[name] for name in options.response_sources if name in snapshots]
    if not series:
        stats.unavailable["responses-total"] = ("no response data has been fetched yet (response_sources in data/site.toml "
                                                "names no snapshot in data/snapshots/)")
        return
    by_month, by_type, total, newest = OrderedDict(), {}, 0, ""
    for snapshot in series:
        for record in snapshot.records:
            count = record.get("count", 1)
            count = count if isinstance(count, int) and not isinstance(count, bool) else 1
            total += count
            day = str(record.get("date") or "")
            if day:
                by_month[day[:7]] = by_month.get(day[:7], 0) + count
                newest = max(newest, day)
            category = str(record.get("category") or text._("Not given"))
            by_type[category] = by_type.get(category, 0) + count
    example = any(is_example(snapshot.meta.get("example")) for snapshot in series)
    source = Provenance("; ".join(_snapshot_source(snapshot) for snapshot in series),
                        series[0].source_url if len(series) == 1 else "",
                        newest or min(_snapshot_as_of(snapshot, checked) for snapshot in series))
    stats.metrics["responses-total"] = Metric(
        id="responses-total", value=whole(total, text), unit=_words(options, "responses-total").get("unit", ""),
        label=_words(options, "responses-total").get("label", ""),
        source=source, number=total, example=example)
    months = sorted(by_month)
    if months:
        busiest = max(months, key=lambda month: by_month[month])
        stats.series.append(Series(
            id="responses-by-month", title=text._("Responses by month"),
            summary=text._("From %(first)s to %(last)s, the busiest month was %(busiest)s with %(count)s responses.",
                           first=when(months[0], "month", text), last=when(months[-1], "month", text),
                           busiest=when(busiest, "month", text), count=whole(by_month[busiest], text)),
            value_heading=text._("Responses"),
            rows=[Row(label=when(month, "month", text), number=by_month[month], value=whole(by_month[month], text))
                  for month in months],
            example=example, source=source))
    types = sorted(by_type.items(), key=lambda item: (-item[1], item[0]))
    if types:
        top, top_count = types[0]
        stats.series.append(Series(
            id="responses-by-type", title=text._("Responses by type"),
            summary=text._("%(type)s was the most common type of response: %(count)s of %(total)s.", type=top,
                           count=whole(top_count, text), total=whole(total, text)),
            value_heading=text._("Responses"),
            rows=[Row(label=name, number=count, value=whole(count, text)) for name, count in types],
            example=example, source=source))


def _hours(stats: Stats, figures: list, text: Text, words: dict) -> None:
    # Only figures a source states as hours a day count here. A reported overnight gap is shown as its
    # own figure, never turned into "hours a day": no source says the program works all the other hours.
    rows = [_row(figure, text=text) for figure in _by_metric(figures, "hours-per-day")]
    if not rows:
        stats.unavailable["hours-per-day-latest"] = "no figure in data/figures.toml has metric hours-per-day"
        stats.unavailable["hours-per-week-latest"] = stats.unavailable["hours-per-day-latest"]
        return
    rows.sort(key=lambda row: partial_date(row.source.as_of)[0])
    latest = rows[-1]
    common = dict(source=latest.source, note=latest.note)
    stats.metrics["hours-per-day-latest"] = Metric(
        id="hours-per-day-latest", value=latest.value, unit=text._("hours a day"), number=latest.number,
        label=words.get("label", ""), **common)
    stats.metrics["hours-per-week-latest"] = Metric(
        id="hours-per-week-latest", value=text._("%(part)s of %(whole)s", part=whole(latest.number * 7, text),
                                                 whole=whole(168, text)), unit=text._("hours a week"),
        number=latest.number * 7, label=words.get("week_label", ""),
        **common)
    values = sorted({row.number for row in rows})
    summary = fill(words.get("summary", ""), value=latest.value.lower(),
                   date=when(latest.source.as_of, latest.source.precision, text))
    if len(values) > 1:
        summary += " " + text._("Sources from different dates give different hours: the table shows each one.")
    stats.series.append(Series(
        id="hours-per-day", title=words.get("title", ""), summary=summary, value_heading=text._("Hours a day"),
        rows=rows + ([Row(label=words["goal_label"], number=24, value=whole(24, text), goal=True)]
                     if words.get("goal_label") else [])))


def _coverage(stats, figures, snapshots, checked, options, text) -> None:
    words = _words(options, "beats-all")
    beats = snapshots.get(options.beats_snapshot)
    if beats is None:
        stats.unavailable["beats-all"] = f"there is no {options.beats_snapshot} snapshot in data/snapshots/"
    else:
        numbers = sorted({str(record.get("beat")) for record in beats.records
                          if record.get("district") in options.city_districts and record.get("beat")})
        stats.metrics["beats-all"] = Metric(
            id="beats-all", value=whole(len(numbers), text), unit=words.get("unit", ""), number=len(numbers),
            label=text._("Beats in the city's police districts (%(districts)s) on the city's beat map.",
                         districts=", ".join(options.city_districts)),
            # The campaign may name the source in its own (edition's) words; else the snapshot's own name.
            source=Provenance(words.get("source_name") or _snapshot_source(beats), beats.source_url,
                              _snapshot_as_of(beats, checked)),
            example=is_example(beats.meta.get("example")))
    served = _by_metric(figures, "beats-served")
    if not served or "beats-all" not in stats.metrics:
        stats.unavailable["coverage-beats"] = ("it needs a figure with metric beats-served and the police-beats snapshot")
        return
    latest, all_beats = served[-1], stats.metrics["beats-all"]
    share = latest.number / all_beats.number
    stats.metrics["coverage-beats"] = Metric(
        id="coverage-beats", value=text._("%(part)s of %(whole)s", part=whole(latest.number, text), whole=all_beats.value),
        unit=text._("police beats (%(share)s)", share=text.percent(share)),
        number=share, label=_words(options, "coverage-beats").get("label", ""),
        # Two sources: link only the served-beats one (if it has an address), so no link claims both.
        source=replace(latest.source, name=f"{latest.source.name}; {all_beats.source.name}"),
        note=text._("The beat map is from %(date)s.", date=when(all_beats.source.as_of, "day", text)))
    stats.series.append(Series(
        id="coverage-beats", title=_words(options, "coverage-beats").get("title", ""),
        summary=fill(_words(options, "coverage-beats").get("summary", ""),
                     date=when(latest.source.as_of, latest.source.precision, text), served=whole(latest.number, text),
                     all=all_beats.value, share=text.percent(share)),
        value_heading=text._("Police beats"),
        rows=[_row(figure, label=text._("Served, %(date)s", date=when(figure.source.as_of, figure.source.precision, text)),
                   text=text)
              for figure in served] + [Row(label=text._("All the city's police beats"), number=all_beats.number,
                                           value=all_beats.value, source=all_beats.source)]))


def _budget(stats, figures, snapshots, options) -> None:
    text = options.text
    budgets = _by_metric(figures, "budget")
    if budgets:
        stats.metrics["budget-latest"] = _figure_metric(budgets[-1])
        stats.metrics["budget-latest"] = Metric(**{**stats.metrics["budget-latest"].__dict__, "id": "budget-latest"})
    else:
        stats.unavailable["budget-latest"] = "no figure in data/figures.toml has metric budget"
    responses = [figure for figure in figures
                 if getattr(figure, "metric", "") in ("responses-in-year", "responses-since-launch") and figure.period]
    for budget in reversed(budgets):
        match = next((figure for figure in responses if figure.period == budget.period and budget.period), None)
        if match and match.number:
            cost = budget.number / match.number
            stats.metrics["cost-per-response"] = Metric(
                id="cost-per-response", value=money(cost, text),
                unit=text._("per response (%(period)s)", period=budget.period), number=cost,
                label=text._("%(budget)s divided by %(responses)s responses, both for %(period)s.",
                             budget=budget.value, responses=match.value, period=budget.period),
                source=Provenance(f"{budget.source.name}; {match.source.name}", budget.source.url or match.source.url,
                                  max(budget.source.as_of, match.source.as_of)),
                example=budget.example or match.example)
            return
    stats.unavailable["cost-per-response"] = ("no budget figure and response count in data/figures.toml share the "
                                              "same period, so dividing them would mix different years")


def _stale(stats, snapshots, checked, options, today) -> None:
    for name in options.response_sources:
        snapshot = snapshots.get(name)
        if snapshot is None or snapshot.meta.get("as_of"):
            continue
        as_of = _snapshot_as_of(snapshot, checked)
        days = (today - date.fromisoformat(as_of[:10])).days
        if days > options.stale_after_days:
            stats.stale.append(StaleNotice(name, Provenance(_snapshot_source(snapshot), snapshot.source_url, as_of[:10]),
                                           days))
