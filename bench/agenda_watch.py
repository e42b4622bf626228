"""Measure the agenda watch's pure work: reading a long agenda PDF's text for its items, and matching many agenda
items against the shipped watch list.

Run: .venv/bin/python bench/agenda_watch.py [pages in the PDF, default 40]. Prints figures; asserts nothing.
The PDF is made here with fpdf2 (a test dependency) and never saved in the project.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from council.watch import load_watch, match_items  # noqa: E402
from sources.agenda import AgendaItem, parse_agenda_text, pdf_pages  # noqa: E402


def make_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=10)
    number = 0
    for page in range(pages):
        pdf.add_page()
        pdf.cell(0, 6, f"{['II. CONSENT AGENDA', 'III. PUBLIC HEARINGS', 'IV. REPORTS'][page % 3]}",
                 new_x="LMARGIN", new_y="NEXT")
        for _ in range(12):
            number += 1
            pdf.multi_cell(0, 5, f"{number}. Item {number} about the budget, zoning and public works, with a long "
                                 f"title that wraps onto a second line of the agenda. File #: 26-{number:04d}",
                           new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    body = make_pdf(pages)
    text = []
    best, median = best_of(3, lambda: text.append(pdf_pages(body, max_pages=pages)))
    items = parse_agenda_text(text[-1], url="https://example.gov/a.pdf", page_links=True)
    print(f"agenda PDF: {pages} pages, {len(body):,} bytes, {len(items)} items; pypdf text of every page: "
          f"best {best:.2f} s, median {median:.2f} s")
    best, median = best_of(3, lambda: parse_agenda_text(text[-1], url="https://example.gov/a.pdf", page_links=True))
    print(f"items from that text: best {best * 1000:.1f} ms, median {median * 1000:.1f} ms")

    watch, problems = load_watch(ROOT / "data" / "watch.toml", "data/watch.toml")
    assert not problems, problems
    many = [AgendaItem(number=str(n), title=f"Item {n}: budget amendment for the Community Safety department "
                                            f"and the Heart of the City plaza, año {n}") for n in range(10_000)]
    others = [AgendaItem(number=str(n), title=f"Item {n}: zoning map change for {n} Main Street, and a contract "
                                              f"for water main repairs") for n in range(10_000)]
    for label, items in (("each mentioning a term, with accents", many), ("mentioning none", others)):
        best, median = best_of(3, lambda: match_items(items, watch))
        print(f"matching 10,000 items {label}, against {len(watch.terms)} watch terms: best {best:.2f} s, "
              f"median {median:.2f} s ({len(match_items(items, watch)):,} matches)")


if __name__ == "__main__":
    main()
