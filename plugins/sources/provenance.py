"""The one source-and-date record: where a fact comes from and when it was true. Plain Python in the base layer.

Every figure, computed statistic, chart, event, meeting and official's contact that the site shows carries one,
as `.source`, and templates show it one way (theme/templates/components/source.html):

    Provenance.of("City press release", "https://www.example.gov/news/x", "2023-10-23")
    .name        # the source as readers know it ("" when none is given)
    .url         # its web address, passed through the one link policy (sources.links); "" when not on the web
    .as_of       # the date it was true or last checked: "2023-10-23", "2023-10", "2023", or an ISO time
    .precision   # how exact as_of is: day, month, season or year
"""

from __future__ import annotations

from dataclasses import dataclass

from .links import is_web_address, web_link
from .problems import Problem

# The keys a data file's table writes its source-and-date record with (figures.toml, officials.toml).
TABLE_KEYS = ("source_name", "source_url", "as_of", "as_of_precision")


@dataclass(frozen=True)
class Provenance:
    name: str = ""
    url: str = ""
    as_of: str = ""
    precision: str = "day"

    @classmethod
    def of(cls, name="", url="", as_of="", precision="") -> "Provenance":
        """A record from what a file or a source says; an address the link policy refuses is left out."""
        return cls(str(name or "").strip(), web_link(str(url or "")) or "" if url else "", str(as_of or "").strip(),
                   str(precision or "day"))

    def __bool__(self) -> bool:
        return bool(self.name or self.url)


def from_table(table: dict, shown: str, line: int | None, where: str, fix: str) -> tuple[Provenance, list[Problem]]:
    """The record a data file's table writes as source_name, source_url, as_of and as_of_precision, and a problem
    when source_url is not a web address (`where` names the table, like 'figure "budget"'; `fix` says how to
    write it). The caller checks that as_of is a date in its own terms."""
    url = str(table.get("source_url", ""))
    if url and not is_web_address(url):
        return Provenance(), [Problem(shown, line, "source_url", f'"{url}" is not a web address ({where}).', fix)]
    return Provenance.of(table.get("source_name", ""), url, table.get("as_of", ""), table.get("as_of_precision", "day")), []
