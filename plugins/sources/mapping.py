"""Turn rows from any tabular source into normalized records, using the field mapping from sources.toml.

Configuration (in a `[[source]]` of type arcgis, socrata, opendatasoft, csv or json):

    [source.fields]            # our name = the source's column name
    date = "RESPONSE_DATE"     # -> "YYYY-MM-DD" (or "YYYY-MM" for month values), the local date
    category = "RESPONSE_TYPE" # copied as text
    count = "UNIT_COUNT"       # -> whole number; leave `count` out when each row is one response
    beat = "BEAT"              # any other name is copied as it is (text, number or null)

    [source.filter]            # keep only rows whose column has one of these values (before mapping)
    RESPONSE_TYPE = ["Crisis Call Diversion", "Care Navigation", "Community Response"]

Interface: `normalize(rows, options, url) -> (records, meta)`; raises SourceError when a mapped column is
absent from every row (the source renamed or dropped it: schema drift). Records are sorted, so the
snapshot does not change when only the server's order does. Rows with a bad date or count are
skipped, and meta["skipped"] says how many and why, so `refresh` can report it.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from .registry import Option, SourceError

logger = logging.getLogger(__name__)


MAPPING_OPTIONS = {
    "fields": Option(dict, required=True, help="Map our names to the source's columns: [source.fields] date = \"DATE\".",
                     example='{ date = "RESPONSE_DATE", category = "RESPONSE_TYPE" }'),
    "filter": Option(dict, help="Keep rows whose column has one of these values.",
                     example='{ RESPONSE_TYPE = ["Care Navigation"] }', default={}),
}


def check_mapping(options: dict) -> list:
    problems = []
    fields = options.get("fields") or {}
    if not fields:
        problems.append(("fields", "needs at least one column to keep",
                         'Add a [source.fields] table, like: date = "RESPONSE_DATE".'))
    for ours, theirs in fields.items():
        if not isinstance(theirs, str) or not theirs:
            problems.append((f"fields.{ours}", "should be the source's column name in quotes",
                             f'Write it like: {ours} = "RESPONSE_DATE"'))
    for column, values in (options.get("filter") or {}).items():
        if not isinstance(values, list):
            problems.append((f"filter.{column}", "should be a list of values",
                             f'Write it like: {column} = ["Care Navigation"]'))
    return problems


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_US_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(value, zone: ZoneInfo = ZoneInfo("UTC")) -> str:
    """A local "YYYY-MM-DD" (or "YYYY-MM") in `zone` from the shapes open-data APIs use. Raises ValueError."""
    if isinstance(value, bool) or value is None or value == "":
        raise ValueError("no date")
    if isinstance(value, (int, float)):
        # ArcGIS dates are epoch milliseconds in UTC; the day that matters is the campaign's local day.
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc).astimezone(zone).date().isoformat()
    text = str(value).strip()
    if match := _MONTH.match(text):
        if not 1 <= int(match[2]) <= 12:
            raise ValueError(f'"{text}" is not a month')
        return text
    if re.search(r"(Z|[+-]\d{2}:?\d{2})$", text) and "T" in text:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment.astimezone(zone).date().isoformat()
    if match := _DAY.match(text):
        # Socrata "floating" timestamps have no zone: they are already local.
        return datetime(int(match[1]), int(match[2]), int(match[3])).date().isoformat()
    if match := _US_DAY.match(text):
        return datetime(int(match[3]), int(match[1]), int(match[2])).date().isoformat()
    raise ValueError(f'"{text}" is not a date')


def parse_count(value) -> int:
    if isinstance(value, bool):
        raise ValueError("true/false is not a count")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(",", "")
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text))
    raise ValueError(f'"{value}" is not a whole number')


def normalize(rows: list, options: dict, url: str) -> tuple[list, dict]:
    """Mapped, filtered records from `rows` (dicts). See the module docstring."""
    fields: dict = options.get("fields") or {}
    # The campaign's time zone (load_config sets it on every source), so a day is the local day.
    zone = ZoneInfo(options.get("timezone") or "UTC")
    filters: dict = options.get("filter") or {}
    rows = [row for row in rows if isinstance(row, dict)]
    if rows:
        present = set().union(*(row.keys() for row in rows))
        wanted = list(fields.values()) + list(filters)
        missing = [column for column in wanted if column not in present]
        if missing:
            raise SourceError(f"column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                              f"{'are' if len(missing) > 1 else 'is'} not in the answer from {url} "
                              f"(the source may have renamed {'them' if len(missing) > 1 else 'it'}); "
                              f"columns there: {', '.join(sorted(present)[:30])}")
    records, skipped = [], {}
    for row in rows:
        if any(row.get(column) not in allowed for column, allowed in filters.items()):
            continue
        record = {}
        try:
            for ours, theirs in fields.items():
                value = row.get(theirs)
                if ours == "date":
                    value = parse_date(value, zone)
                elif ours == "count":
                    value = parse_count(value)
                elif isinstance(value, str):
                    value = value.strip()
                record[ours] = value
        except ValueError as error:
            reason = f"{ours}: {error}"
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        records.append(record)
    # Servers do not promise an order; sorting keeps the snapshot (and its hash) stable when nothing changed.
    names = list(fields)
    records.sort(key=lambda record: tuple((value is None, str(value)) for value in map(record.get, names)))
    meta = {}
    if skipped:
        meta["skipped"] = {reason: count for reason, count in sorted(skipped.items())[:20]}
        logger.warning("%s: skipped %d rows: %s", url, sum(skipped.values()), "; ".join(skipped))
    return records, meta
