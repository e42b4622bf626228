"""Read the officials file (data/officials.toml): who letters go to, each with a public address and its source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from content_checks.problems import Problem
from content_checks.tables import check_table_keys
from sources.examples import is_example
from sources.provenance import TABLE_KEYS, Provenance, from_table
from sources.tomlfile import read_toml

REQUIRED = ("id", "name", "role", "email", "source_name")
OPTIONAL = ("seat", "source_url", "as_of", "group", "example")
_EMAIL = re.compile(r"^[^@\s,;<>\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Official:
    id: str
    name: str
    role: str
    email: str
    source: Provenance  # source_name, source_url and as_of: the page that lists this address, and when
    seat: str = ""
    group: bool = False  # an address that reaches several people, like the all-council address
    example: bool = False


def load_officials(path: Path, shown: str) -> tuple[dict[str, Official], list[Problem]]:
    """Return officials by id and every problem in the file. A missing file means no officials."""
    file, problems = read_toml(path, shown, 'name = "City Council"')
    if file is None:
        return {}, problems
    data = file.data
    officials: dict[str, Official] = {}
    for index, table in enumerate(data.get("official", [])):
        line = file.line("official", index)
        where = table.get("id", f"official {index + 1}")
        found = check_table_keys(shown, line, table, "official", where, REQUIRED, OPTIONAL)
        problems += found
        bad = bool(found)
        email = str(table.get("email", ""))
        if email and not _EMAIL.match(email):
            problems.append(Problem(shown, line, "email", f'"{email}" is not an email address (official "{where}").',
                                    'Write one public address, like email = "council@example.gov".'))
            bad = True
        source, found = from_table(table, shown, line, f'official "{where}"', 'Write the full address of the page that '
                                   'lists this email, like "https://www.example.gov/council".')
        problems += found
        bad = bad or bool(found)
        if table.get("id") in officials:
            problems.append(Problem(shown, line, "id", f'"{table["id"]}" is used by two officials.', "Give each official their own id."))
            bad = True
        if not bad:
            values = {key: (is_example(value) if key == "example" else bool(value) if key == "group" else str(value))
                      for key, value in table.items() if key not in TABLE_KEYS}
            officials[values["id"]] = Official(**values, source=source)
    return officials, problems
